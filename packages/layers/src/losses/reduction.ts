import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf, ShapeMismatchError } from '@nnlab/core';

/** How a loss turns per-element (or per-sample) values into its result. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss accepts. */
export interface LossOptions {
  /** `'mean'` (default) averages, `'sum'` adds, `'none'` returns the unreduced tensor. */
  reduction?: Reduction;
}

/**
 * The signature of every nnlab loss. With `'mean'` or `'sum'` the result is
 * a scalar (what `tf.variableGrads` needs); with `'none'` it is per sample
 * (class losses) or per element (elementwise losses).
 */
export interface LossFunction<O extends LossOptions = LossOptions> {
  (prediction: tf.Tensor, target: tf.Tensor, options?: O & { reduction?: 'mean' | 'sum' }): tf.Scalar;
  (prediction: tf.Tensor, target: tf.Tensor, options: O & { reduction: 'none' }): tf.Tensor;
  (prediction: tf.Tensor, target: tf.Tensor, options?: O): tf.Tensor;
}

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Validates `reduction` eagerly (before any tensor work) and returns it. */
export function checkReduction(reduction: unknown): Reduction {
  return assertOneOf('reduction', reduction ?? 'mean', REDUCTIONS);
}

/** Applies a {@link Reduction} to unreduced loss values. */
export function reduceLoss(values: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'mean') return tf.mean(values);
  if (reduction === 'sum') return tf.sum(values);
  return values;
}

/** Throws a ShapeMismatchError naming both shapes unless they are equal. */
export function assertSameShape(lossName: string, prediction: tf.Tensor, target: tf.Tensor): void {
  if (!tf.util.arraysEqual(prediction.shape, target.shape)) {
    throw new ShapeMismatchError(
      `${lossName}: prediction shape [${prediction.shape.join(', ')}] and target shape [${target.shape.join(', ')}] must be equal`,
    );
  }
}

/** Throws a ShapeMismatchError unless `tensor` is float32. */
export function assertFloat(lossName: string, argument: string, tensor: tf.Tensor): void {
  if (tensor.dtype !== 'float32') {
    throw new ShapeMismatchError(`${lossName}: ${argument} must be float32, got ${tensor.dtype} [${tensor.shape.join(', ')}]`);
  }
}

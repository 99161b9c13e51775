import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import { crossEntropy } from '@nnlab/layers';
import type { LossFunction } from './types.js';

/** Tensors one training step returns; the caller disposes them. */
export interface TrainStepResult {
  /** Mean loss over the batch. */
  readonly loss: tf.Scalar;
  /** Number of correctly classified examples in the batch. */
  readonly correct: tf.Scalar;
  /** True when the step found a NaN or infinite loss or gradient and left the parameters alone (`skipNonFinite`). */
  readonly skipped?: boolean;
}

/** Options of {@link createTrainStep}. */
export interface TrainStepOptions {
  /**
   * Check the loss and every gradient before the optimizer step and skip the
   * update when any of them is NaN or infinite, so one bad batch cannot
   * poison the weights or the optimizer state. Costs one small reduction per
   * parameter and a read of one number per step. Default false.
   */
  readonly skipNonFinite?: boolean;
}

/** A compiled training step: forward, backward, optimizer update. */
export type TrainStep = (x: tf.Tensor, y: tf.Tensor) => TrainStepResult;

/** Number of examples whose argmax prediction equals the label (int labels or one-hot targets). */
export function countCorrect(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const predicted = tf.argMax(logits, -1);
    const labels = targets.rank === logits.rank ? tf.argMax(targets, -1) : tf.cast(targets, 'int32');
    return tf.sum(tf.cast(tf.equal(predicted, labels), 'float32'));
  });
}

/**
 * Builds the step `fit` runs for every batch, so benchmarks time exactly
 * what training does. Everything happens inside one `tf.tidy`; only the
 * returned scalars survive.
 *
 * @example
 * const step = createTrainStep(model, adam(model, { learningRate: 1e-3 }));
 * const { loss, correct } = step(x, y);
 */
export function createTrainStep(model: Module, optimizer: Optimizer, loss: LossFunction = crossEntropy, options: TrainStepOptions = {}): TrainStep {
  const named = model.namedParameters();
  const variables = named.map(([, variable]) => variable);
  // tf.variableGrads keys gradients by tfjs variable name; the optimizer wants our dotted names.
  const dottedName = new Map(named.map(([name, variable]) => [variable.name, name]));

  return (x, y) =>
    tf.tidy(() => {
      let logits: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        // Kept so the accuracy can be computed after the backward pass has freed the forward scope.
        logits = tf.keep(model.forward(x));
        return loss(logits, y);
      }, variables);
      const gradients: Record<string, tf.Tensor> = {};
      for (const [variableName, gradient] of Object.entries(grads)) {
        gradients[dottedName.get(variableName) ?? variableName] = gradient;
      }
      const skipped = options.skipNonFinite === true && !allFinite(value, Object.values(gradients));
      if (!skipped) optimizer.step(gradients);
      const correct = countCorrect(logits as tf.Tensor, y);
      (logits as tf.Tensor).dispose();
      return { loss: value, correct, skipped };
    });
}

/** True when `loss` and every gradient element are finite: x * 0 is 0 for finite x and NaN for NaN or +-Infinity. */
function allFinite(loss: tf.Tensor, gradients: readonly tf.Tensor[]): boolean {
  const check = tf.tidy(() => tf.addN([tf.mul(tf.sum(loss), 0), ...gradients.map((g) => tf.sum(tf.mul(g, 0)))]));
  const value = check.dataSync()[0];
  check.dispose();
  return value === 0;
}

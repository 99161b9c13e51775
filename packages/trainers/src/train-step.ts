import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import { crossEntropy } from '@nnlab/layers';
import { accuracy, checkMetrics, type Metric } from './metric.js';
import type { LossFunction } from './types.js';

/** Options of {@link createTrainStep}. */
export interface TrainStepOptions {
  /**
   * Decide on the device whether the update is safe: when the loss or any
   * gradient holds a NaN or an infinity, the optimizer's update is masked
   * out (`Optimizer.step`'s `applyIf`), so one bad batch cannot poison the
   * weights or the optimizer state, and nothing has to be read back to know.
   * The step's `applied` entry says what happened. Costs one reduction per
   * gradient and one select per parameter and state tensor. Default false.
   */
  readonly skipNonFinite?: boolean;
  /** Metrics summed over the batch, in this order after `loss` and `applied` (default `[accuracy()]`). */
  readonly metrics?: readonly Metric[];
}

/** Index of the batch's mean loss in a {@link TrainStep}'s result. */
export const STEP_LOSS = 0;
/** Index of the applied flag (1 when the update was applied, 0 when `skipNonFinite` masked it out). */
export const STEP_APPLIED = 1;
/** Index of the first metric's batch sum; metric `i` is at `STEP_METRICS + i`. */
export const STEP_METRICS = 2;

/**
 * A compiled training step: forward, backward, optimizer update. It returns
 * one float32 vector `[loss, applied, ...metric batch sums]` (indices
 * {@link STEP_LOSS}, {@link STEP_APPLIED}, {@link STEP_METRICS}), so everything a
 * trainer wants from a step comes back in one read; the caller disposes it.
 */
export type TrainStep = (x: tf.Tensor, y: tf.Tensor) => tf.Tensor1D;

/** A bool scalar: true when `loss` and every gradient element are finite. */
function allFinite(loss: tf.Tensor, gradients: readonly tf.Tensor[]): tf.Tensor {
  const tensors = [loss, ...gradients];
  if (tf.getKernel(FUSED_KERNELS.allFinite, tf.getBackend()) !== undefined) {
    // Host-memory backends: one read pass in the kernel (see FUSED_KERNELS in @nnlab/core).
    return tf.engine().runKernel(FUSED_KERNELS.allFinite, tensors as unknown as tf.NamedTensorMap) as tf.Tensor;
  }
  // One reduction per tensor: a sum is finite exactly when every element is (short of float32
  // overflow, around 3e38, which only a run that has already diverged reaches). x * 0 is 0 for
  // finite x and NaN for NaN or +-Infinity.
  const total = tf.addN(tensors.map((t) => tf.sum(t)));
  return tf.equal(tf.mul(total, 0), 0);
}

/**
 * Builds the step `fit` runs for every batch (`fit` passes `skipNonFinite`
 * and its metrics), so benchmarks time what training does. Everything
 * happens inside one `tf.tidy` and nothing is read back: only the returned
 * vector survives, and reading it is the caller's choice (`await data()`).
 *
 * @example
 * const step = createTrainStep(model, adam(model, { learningRate: 1e-3 }));
 * const values = step(x, y);
 * const [loss, applied, correct] = await values.data();
 * values.dispose();
 */
export function createTrainStep(model: Module, optimizer: Optimizer, loss: LossFunction = crossEntropy, options: TrainStepOptions = {}): TrainStep {
  const metrics = checkMetrics(options.metrics ?? [accuracy()]);
  const named = model.namedParameters();
  const variables = named.map(([, variable]) => variable);
  // tf.variableGrads keys gradients by tfjs variable name; the optimizer wants our dotted names.
  const dottedName = new Map(named.map(([name, variable]) => [variable.name, name]));

  return (x, y) =>
    tf.tidy(() => {
      let logits: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        // Kept so the metrics can be computed after the backward pass has freed the forward scope.
        logits = tf.keep(model.forward(x));
        return loss(logits, y);
      }, variables);
      const gradients: Record<string, tf.Tensor> = {};
      for (const [variableName, gradient] of Object.entries(grads)) {
        gradients[dottedName.get(variableName) ?? variableName] = gradient;
      }
      let applied: tf.Tensor;
      if (options.skipNonFinite === true) {
        const finite = allFinite(value, Object.values(gradients));
        optimizer.step(gradients, { applyIf: finite });
        applied = tf.cast(finite, 'float32');
      } else {
        optimizer.step(gradients);
        applied = tf.scalar(1);
      }
      const sums = metrics.map((metric) => tf.reshape(tf.cast(metric.batchSum(logits as tf.Tensor, y), 'float32'), []));
      (logits as tf.Tensor).dispose();
      return tf.stack([tf.reshape(value, []), applied, ...sums]) as tf.Tensor1D;
    });
}

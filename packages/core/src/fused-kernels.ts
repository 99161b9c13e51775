/**
 * Names and attributes of the fused optimizer kernels: one kernel per
 * parameter per step in place of a dozen elementwise ones. Optimizers
 * (`@nnlab/optimizers`) dispatch them through `tf.engine().runKernel` only
 * when the active tfjs backend registers them, and compute the same
 * formulas with elementwise ops otherwise, so a backend may register them
 * where they pay (`@nnlab/backend-wasm` does) and ignore them elsewhere.
 * Kernels take float32 tensors of one shape and return new ones (never
 * writing an input).
 *
 * @example
 * if (tf.getKernel(FUSED_KERNELS.adam, tf.getBackend())) {
 *   const [m, v, direction] = tf.engine().runKernel(FUSED_KERNELS.adam, { gradient, firstMoment, secondMoment }, attrs);
 * }
 */
export const FUSED_KERNELS = {
  /**
   * Inputs `gradient`, `firstMoment`, `secondMoment`; attributes
   * {@link FusedAdamAttrs}; outputs `[m, v, direction]` with
   * `m = beta1 m + (1 - beta1) g`, `v = beta2 v + (1 - beta2) g^2`,
   * `direction = m / (sqrt(v) + epsilon) * scale`.
   */
  adam: 'NnlabFusedAdam',
  /**
   * Inputs `gradient`, `sum`; attributes {@link FusedAdagradAttrs}; outputs
   * `[sum, direction]` with `sum = sum + g^2`, `direction = g / (sqrt(sum) + epsilon) * scale`.
   */
  adagrad: 'NnlabFusedAdagrad',
  /**
   * Inputs: an array of float32 tensors (as `AddN` takes them); output: a
   * bool scalar, true when every element of every input is finite. The
   * trainer's check before a masked update (one read pass, no sum to overflow).
   */
  allFinite: 'NnlabAllFinite',
  /**
   * Inputs `condition` (bool, one element), `t` and `e` of one shape and
   * dtype; output `t` where the condition is true, else `e`: the masked
   * update of `Optimizer.step`'s `applyIf`. A backend whose tensors live in
   * host memory reads the flag there and shares the chosen buffer (no copy,
   * nothing for JavaScript to wait for); the portable path is `tf.where`.
   */
  selectIf: 'NnlabSelectIf',
  /**
   * Batch normalisation with the batch's own statistics (training mode) over
   * every axis but the last. Inputs `x` (float32, rank >= 2), `scale` and
   * `offset` (`[channels]`); attributes {@link BatchNormTrainAttrs}; outputs
   * `[y, mean, variance]` with the batch's per-channel mean and biased
   * variance and `y = (x - mean) / sqrt(variance + epsilon) * scale + offset`.
   * `@nnlab/layers` dispatches it (and computes the same with `tf.moments` and
   * `tf.batchNorm` otherwise) only where the backend registers both it and
   * {@link FUSED_KERNELS}`.batchNormTrainGrad`. Its gradient flows to `x`,
   * `scale` and `offset` through `y` only: the `mean` and `variance` outputs
   * are for running statistics, off the path to the loss.
   */
  batchNormTrain: 'NnlabBatchNormTrain',
  /**
   * Inputs `dy`, `x`, `scale`, `mean`, `variance` (as `batchNormTrain` took
   * and returned them); attributes {@link BatchNormTrainAttrs}; outputs
   * `[dx, dScale, dOffset]`, the closed form PyTorch's backward uses:
   * `dOffset = sum(dy)`, `dScale = sum(dy * xhat)`,
   * `dx = scale / sqrt(variance + epsilon) * (dy - dOffset / n - xhat * dScale / n)`
   * with `xhat = (x - mean) / sqrt(variance + epsilon)` and sums over the `n` rows.
   */
  batchNormTrainGrad: 'NnlabBatchNormTrainGrad',
  /**
   * Inputs `dy` and `x` (float32, one shape); output `dy * (x > 0 ? 1 : 0)`,
   * ReLU's gradient in one pass. A multiply, not a select: a non-finite `dy`
   * stays non-finite where `x <= 0`, as in the elementwise formulation
   * (`@nnlab/autodiff` uses that where the backend does not register this).
   */
  reluGrad: 'NnlabReluGrad',
  /**
   * Softmax cross-entropy per row. Inputs `logits` and `target` (float32
   * `[rows, classes]`, the target a distribution or one-hot rows); output
   * `loss` `[rows]` with `loss = -sum_c target_c * logSoftmax(logits)_c`,
   * computed with the row's maximum subtracted (no overflow). Where the
   * backend registers it and {@link FUSED_KERNELS}`.softmaxCrossEntropyGrad`,
   * `@nnlab/layers`' `crossEntropy` dispatches it in place of a dozen
   * elementwise kernels each way (a training step's fixed cost on small
   * models); elsewhere it runs `tf.logSoftmax` and elementwise ops.
   */
  softmaxCrossEntropy: 'NnlabSoftmaxCrossEntropy',
  /**
   * Inputs `dy` (`[rows]`), `logits`, `target` (as `softmaxCrossEntropy`
   * took them); output the gradient with respect to the logits,
   * `dy * (softmax(logits) * sum_c target_c - target)`.
   */
  softmaxCrossEntropyGrad: 'NnlabSoftmaxCrossEntropyGrad',
} as const;

/** Attributes of {@link FUSED_KERNELS}`.batchNormTrain` and `.batchNormTrainGrad`. */
export interface BatchNormTrainAttrs {
  readonly epsilon: number;
}

/** Attributes of {@link FUSED_KERNELS}`.adam` (bias corrections folded into `scale` and `epsilon` by the caller). */
export interface FusedAdamAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly scale: number;
}

/** Attributes of {@link FUSED_KERNELS}`.adagrad`. */
export interface FusedAdagradAttrs {
  readonly epsilon: number;
  readonly scale: number;
}

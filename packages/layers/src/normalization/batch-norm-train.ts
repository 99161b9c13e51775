import { type BatchNormTrainAttrs, FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** Training-mode batch norm's output with the batch statistics it used. */
interface BatchNormTrainResult {
  readonly y: tf.Tensor;
  /** Per-feature batch mean `[features]`. */
  readonly mean: tf.Tensor;
  /** Per-feature biased batch variance `[features]`. */
  readonly variance: tf.Tensor;
}

/** True when the active backend computes training-mode batch norm in one fused kernel each way (and its gradient is registered). */
function hasFusedBatchNorm(): boolean {
  const backend = tf.getBackend();
  return (
    tf.getKernel(FUSED_KERNELS.batchNormTrain, backend) !== undefined &&
    tf.getKernel(FUSED_KERNELS.batchNormTrainGrad, backend) !== undefined &&
    tf.getGradient(FUSED_KERNELS.batchNormTrain) !== undefined
  );
}

/**
 * Batch normalisation over every axis but the last with the batch's own
 * statistics: `y = (x - mean) / sqrt(variance + eps) * scale + offset`.
 * Backends that register `FUSED_KERNELS.batchNormTrain` (native) compute it,
 * and its gradient, in two passes each way; elsewhere `tf.moments` then
 * {@link batchNormWithBatchStats}. The same values either way (sums in double
 * on native, where the moments' reductions also accumulate in double).
 */
export function batchNormTrain(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, eps: number): BatchNormTrainResult {
  if (x.dtype === 'float32' && hasFusedBatchNorm()) {
    const attrs: BatchNormTrainAttrs = { epsilon: eps };
    const [y, mean, variance] = tf.engine().runKernel(FUSED_KERNELS.batchNormTrain, { x, scale, offset }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    return { y: y as tf.Tensor, mean: mean as tf.Tensor, variance: variance as tf.Tensor };
  }
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return { y: batchNormWithBatchStats(x, mean, variance, scale, offset, eps), mean, variance };
}

/**
 * Batch normalisation with the batch's own statistics (training mode), over
 * every axis but the last: `(x - mean) / sqrt(variance + eps) * scale + offset`,
 * where `mean` and `variance` (biased) are `x`'s, as computed by the caller.
 *
 * The gradient is the closed form PyTorch's batch norm backward uses, per
 * feature over the `n` values it normalises:
 *
 *     dx = scale / sqrt(variance + eps) * (dy - mean(dy) - xhat * mean(dy * xhat))
 *
 * Differentiating `tf.batchNorm` of `tf.moments` gives the same value, but
 * through tfjs's generic FusedBatchNorm gradient plus the gradients of the
 * mean and the variance: four reductions over the batch and a dozen
 * elementwise passes. The closed form needs two reductions (cnn3 steps
 * 10-20% faster in one measurement on wasm and native). Its float32 precision is the
 * same; what precision needs is float64 accumulation in those reductions
 * (the wasm and native `Sum`/`Mean` kernels).
 */
function batchNormWithBatchStats(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, eps: number): tf.Tensor {
  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, gamma, beta, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // Saved (kept) for the backward pass: the caller's tidy disposes its own mean and variance.
    save([input, gamma, mean, variance]);
    return {
      value: tf.batchNorm(input, mean, variance, beta, gamma, eps),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedScale, savedMean, savedVariance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const axes = Array.from({ length: savedInput.rank - 1 }, (_, i) => i);
        const count = savedInput.size / savedMean.size;
        const invStd = tf.rsqrt(tf.add(savedVariance, eps));
        const xhat = tf.mul(tf.sub(savedInput, savedMean), invStd);
        const dOffset = tf.sum(dy, axes);
        const dScale = tf.sum(tf.mul(dy, xhat), axes);
        const centered = tf.sub(tf.sub(dy, tf.div(dOffset, count)), tf.mul(xhat, tf.div(dScale, count)));
        return [tf.mul(centered, tf.mul(savedScale, invStd)), dScale, dOffset];
      },
    };
  });
  return normalize(x, scale, offset);
}

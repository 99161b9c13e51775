import * as tf from '@tensorflow/tfjs-core';

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
export function batchNormWithBatchStats(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, eps: number): tf.Tensor {
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

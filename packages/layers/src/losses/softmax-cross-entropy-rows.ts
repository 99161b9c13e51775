import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** True when the active backend computes softmax cross-entropy in one fused kernel each way (and its gradient is registered). */
function hasFusedSoftmaxCrossEntropy(): boolean {
  const backend = tf.getBackend();
  return (
    tf.getKernel(FUSED_KERNELS.softmaxCrossEntropy, backend) !== undefined &&
    tf.getKernel(FUSED_KERNELS.softmaxCrossEntropyGrad, backend) !== undefined &&
    tf.getGradient(FUSED_KERNELS.softmaxCrossEntropy) !== undefined
  );
}

/**
 * Per-row softmax cross-entropy `-sum_c target_c * logSoftmax(logits)_c` of
 * float32 `[N, C]` logits and target rows, `[N]`. Backends that register
 * `FUSED_KERNELS.softmaxCrossEntropy` (native) compute it, and its gradient,
 * in one kernel each way instead of about a dozen: on small models tfjs's
 * per-kernel bookkeeping, not the arithmetic, is what the loss costs.
 * Elsewhere `tf.logSoftmax` and elementwise ops, the same values.
 */
export function softmaxCrossEntropyRows(logits: tf.Tensor, target: tf.Tensor): tf.Tensor {
  if (hasFusedSoftmaxCrossEntropy()) {
    return tf.engine().runKernel(FUSED_KERNELS.softmaxCrossEntropy, { logits, target }) as tf.Tensor;
  }
  return tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1));
}

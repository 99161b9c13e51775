import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single } from './unbroadcast.js';

/**
 * Gradient of nnlab's fused softmax cross-entropy (@nnlab/core
 * `FUSED_KERNELS.softmaxCrossEntropy`, registered by backends that have it):
 * the logits' gradient is the backend's own one-pass kernel, registered
 * wherever the forward one is; the target's, `-dy * logSoftmax(logits)`,
 * is built from ops (targets are data: tfjs asks for it only when a caller
 * differentiates with respect to them).
 */
export const lossGradientConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: FUSED_KERNELS.softmaxCrossEntropy,
    inputsToSave: ['logits', 'target'],
    gradFunc: (dy, saved) => {
      const name = FUSED_KERNELS.softmaxCrossEntropy;
      const g = single(dy);
      const logits = savedAt(saved, 0, name);
      const target = savedAt(saved, 1, name);
      return {
        logits: () => tf.engine().runKernel(FUSED_KERNELS.softmaxCrossEntropyGrad, { dy: g, logits, target }) as tf.Tensor,
        target: () => tf.mul(tf.neg(tf.logSoftmax(logits)), tf.expandDims(g, 1)),
      };
    },
  },
];

import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single, unbroadcast } from './unbroadcast.js';

/**
 * Gradient of `FusedBatchNorm` (what `tf.batchNorm` runs):
 * y = (x - mean) * r * scale + offset with r = 1 / sqrt(variance + epsilon),
 * differentiated with respect to all five inputs. Statistics and affine
 * parameters may have any shape that broadcasts against x; each gradient is
 * reduced back to its input's shape.
 */
export const normalizationGradientConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: tf.FusedBatchNorm,
    inputsToSave: ['x', 'mean', 'variance', 'scale', 'offset'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.FusedBatchNorm);
      const mean = savedAt(saved, 1, tf.FusedBatchNorm);
      const variance = savedAt(saved, 2, tf.FusedBatchNorm);
      const scale = saved[3];
      const offset = saved[4];
      const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
      const g = single(dy);
      const r = tf.rsqrt(tf.add(variance, varianceEpsilon));
      const centered = tf.sub(x, mean);
      const gScaled = scale === undefined ? g : tf.mul(g, scale);
      return {
        x: () => tf.mul(gScaled, r),
        mean: () => unbroadcast(tf.neg(tf.mul(gScaled, r)), mean.shape),
        // d r / d variance = -1/2 r^3
        variance: () => unbroadcast(tf.mul(tf.mul(gScaled, centered), tf.mul(tf.pow(r, 3), -0.5)), variance.shape),
        scale: () => unbroadcast(tf.mul(g, tf.mul(centered, r)), scale?.shape ?? []),
        offset: () => unbroadcast(g, offset?.shape ?? []),
      };
    },
  },
  {
    // nnlab's fused training-mode batch norm (@nnlab/core FUSED_KERNELS.batchNormTrain): the
    // backend's own closed-form backward kernel, registered wherever the forward one is. Only
    // y carries a gradient: the mean and variance outputs feed the running statistics.
    kernelName: FUSED_KERNELS.batchNormTrain,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const name = FUSED_KERNELS.batchNormTrain;
      const g = single(dy);
      const inputs = { dy: g, x: savedAt(saved, 0, name), scale: savedAt(saved, 1, name), mean: savedAt(saved, 2, name), variance: savedAt(saved, 3, name) };
      const [dx, dScale, dOffset] = tf.engine().runKernel(FUSED_KERNELS.batchNormTrainGrad, inputs, attrs) as tf.Tensor[];
      return { x: () => dx as tf.Tensor, scale: () => dScale as tf.Tensor, offset: () => dOffset as tf.Tensor };
    },
  },
];

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
];

import { assertNumber } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';

/**
 * Rescales all gradients together so their global L2 norm is at most
 * `maxNorm`, as `torch.nn.utils.clip_grad_norm_`: multiply by
 * `min(1, maxNorm / (norm + 1e-6))`. The norm covers the gradients passed to
 * this step (parameters without a gradient do not count). The factor stays on
 * the device, so clipping never waits for a value to be read back.
 *
 * @param maxNorm - largest allowed global norm, > 0.
 * @example
 * const transform = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate());
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  assertNumber('maxNorm', maxNorm, { min: 0, exclusiveMin: true });
  return {
    init: () => ({}),
    update(gradients, state) {
      const entries = Object.entries(gradients);
      if (entries.length === 0) return { updates: gradients, state };
      const squaredNorms = entries.map(([, g]) => tf.sum(tf.square(g)));
      const norm = tf.sqrt(squaredNorms.length === 1 ? (squaredNorms[0] as tf.Tensor) : tf.addN(squaredNorms));
      const factor = tf.minimum(tf.div(tf.scalar(maxNorm), tf.add(norm, tf.scalar(1e-6))), tf.scalar(1));
      const updates: TensorMap = {};
      for (const [name, g] of entries) updates[name] = tf.mul(g, factor);
      return { updates, state };
    },
  };
}

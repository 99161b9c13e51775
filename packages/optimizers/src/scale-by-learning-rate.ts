import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';

/**
 * Multiplies updates by `-learningRate`, the rate the optimizer resolved for
 * this step (a number or a schedule), turning a descent direction into a step.
 *
 * @example
 * const plainSgd = new Optimizer(model, scaleByLearningRate(), { learningRate: 0.1 });
 */
export function scaleByLearningRate(): GradientTransformation<Record<string, never>> {
  return {
    init: () => ({}),
    update(gradients, state, _params, { learningRate }) {
      const scale = tf.scalar(-learningRate);
      const updates: TensorMap = {};
      for (const [name, g] of Object.entries(gradients)) updates[name] = tf.mul(g, scale);
      return { updates, state };
    },
  };
}

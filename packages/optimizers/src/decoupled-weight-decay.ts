import { assertNumber } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { entry } from './tensor-map.js';

/**
 * AdamW's decoupled weight decay: adds `-learningRate * weightDecay * param`
 * to the update, i.e. `param *= 1 - learningRate * weightDecay` on the
 * parameter before this step's update, which is PyTorch's order. Place it
 * after `scaleByLearningRate` (it adds to final updates).
 *
 * @param weightDecay - coefficient, >= 0; 0 passes updates through.
 * @example
 * const adamwTransform = chain(scaleByAdam(), scaleByLearningRate(), decoupledWeightDecay(1e-2));
 */
export function decoupledWeightDecay(weightDecay: number): GradientTransformation<Record<string, never>> {
  assertNumber('weightDecay', weightDecay, { min: 0 });
  return {
    init: () => ({}),
    update(updatesIn, state, params, { learningRate }) {
      if (weightDecay === 0 || learningRate === 0) return { updates: updatesIn, state };
      const decay = tf.scalar(learningRate * weightDecay);
      const updates: TensorMap = {};
      for (const [name, u] of Object.entries(updatesIn)) {
        updates[name] = tf.sub(u, tf.mul(entry(params, name, 'params'), decay));
      }
      return { updates, state };
    },
  };
}

import { assertNumber } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { entry } from './tensor-map.js';

/**
 * L2 weight decay added to the gradient: `g + weightDecay * param`. This is
 * PyTorch's `weight_decay` for SGD, Adam, Adagrad and RMSprop (place it
 * first in a chain); for AdamW's decoupled form use `decoupledWeightDecay`.
 * With `weightDecay = 0` it passes gradients through at no cost.
 *
 * @param weightDecay - coefficient, >= 0.
 * @example
 * const transform = chain(addDecayedWeights(1e-4), scaleByLearningRate());
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<Record<string, never>> {
  assertNumber('weightDecay', weightDecay, { min: 0 });
  return {
    init: () => ({}),
    update(gradients, state, params) {
      if (weightDecay === 0) return { updates: gradients, state };
      const decay = tf.scalar(weightDecay);
      const updates: TensorMap = {};
      for (const [name, gradient] of Object.entries(gradients)) {
        updates[name] = tf.add(gradient, tf.mul(entry(params, name, 'params'), decay));
      }
      return { updates, state };
    },
  };
}


import type { GradientTransformation, TensorMap, TensorState } from './gradient-transformation.js';

/**
 * Composes transforms left to right: each one's updates are the next one's
 * gradients. The chain's state is flat: transform `i`'s key `k` is stored as
 * `"i.k"` (e.g. `"1.firstMoment"`), so it serialises like any other state.
 *
 * @example
 * const adamTransform = chain(addDecayedWeights(1e-4), scaleByAdam(), scaleByLearningRate());
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation {
  return {
    init(params) {
      const state: TensorState = {};
      transforms.forEach((transform, index) => {
        for (const [key, value] of Object.entries(transform.init(params))) state[`${index}.${key}`] = value;
      });
      return state;
    },
    update(gradients, state, params, context) {
      let updates: TensorMap = gradients;
      const next: TensorState = {};
      transforms.forEach((transform, index) => {
        const prefix = `${index}.`;
        const own: TensorState = {};
        for (const [key, value] of Object.entries(state)) {
          if (key.startsWith(prefix)) own[key.slice(prefix.length)] = value;
        }
        const result = transform.update(updates, own, params, context);
        updates = result.updates;
        for (const [key, value] of Object.entries(result.state)) next[`${prefix}${key}`] = value;
      });
      return { updates, state: next };
    },
  };
}

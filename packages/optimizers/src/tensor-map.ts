import type * as tf from '@tensorflow/tfjs-core';
import type { TensorMap, TensorState } from './gradient-transformation.js';

// Internal helpers shared by the transforms and the Optimizer (not exported
// from the package).

/** `map[name]`, which the transform contract guarantees exists; a miss is a bug in a transform. */
export function entry(map: TensorMap, name: string, what: string): tf.Tensor {
  const value = map[name];
  if (value === undefined) throw new Error(`${what} has no tensor for parameter "${name}"`);
  return value;
}

/** The state map called `key`; a miss means the state was not made by this transform's `init`. */
export function slot(state: TensorState, key: string): TensorMap {
  const value = state[key];
  if (value === undefined || typeof value === 'number') {
    throw new Error(`transform state has no tensor map "${key}"`);
  }
  return value;
}

/** Every tensor held by `state`. */
export function stateTensors(state: TensorState): tf.Tensor[] {
  const tensors: tf.Tensor[] = [];
  for (const value of Object.values(state)) {
    if (typeof value !== 'number') tensors.push(...Object.values(value));
  }
  return tensors;
}

/** Same shape, element by element. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

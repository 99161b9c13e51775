import type * as tf from '@tensorflow/tfjs-core';
import { assertInteger, InvalidArgumentError, type Rng } from '@nnlab/core';

/**
 * Makes a new float32 tensor of `shape`, drawing any randomness from `rng`.
 * The caller owns the tensor (a layer passes it to `registerParameter`).
 *
 * @example
 * const init: Initializer = kaimingUniform({ nonlinearity: 'relu' });
 * const weight = init([784, 300], new Rng(0));
 */
export type Initializer = (shape: readonly number[], rng: Rng) => tf.Tensor;

/** Checks a shape given to an initialiser and returns its element count. */
export function checkShape(shape: readonly number[]): number {
  if (!Array.isArray(shape)) {
    throw new InvalidArgumentError(`shape must be an array of integers, got ${String(shape)}`);
  }
  let size = 1;
  shape.forEach((dim, i) => {
    size *= assertInteger(`shape[${i}]`, dim, 0);
  });
  return size;
}

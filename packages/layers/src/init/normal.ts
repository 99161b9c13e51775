import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@nnlab/core';
import { checkShape, type Initializer } from './initializer.js';

/**
 * Normal initialisation N(mean, std^2), as PyTorch's `normal_` (defaults 0 and 1).
 *
 * @example
 * const w = normal(0, 0.01)([784, 10], rng);
 */
export function normal(mean = 0, std = 1): Initializer {
  assertNumber('mean', mean);
  assertNumber('std', std, { min: 0 });
  return (shape, rng) => tf.tensor(rng.normalArray(checkShape(shape), mean, std), [...shape], 'float32');
}

import * as tf from '@tensorflow/tfjs-core';
import { assertNumber, InvalidArgumentError } from '@nnlab/core';
import { checkShape, type Initializer } from './initializer.js';

/**
 * Uniform initialisation U(low, high), as PyTorch's `uniform_` (defaults 0 and 1).
 *
 * @example
 * const w = uniform(-0.12, 0.12)([400, 25], rng); // the classic backprop-lab range
 */
export function uniform(low = 0, high = 1): Initializer {
  assertNumber('low', low);
  assertNumber('high', high);
  if (!(low < high)) throw new InvalidArgumentError(`uniform: low must be < high, got low=${low}, high=${high}`);
  return (shape, rng) => tf.tensor(rng.uniformArray(checkShape(shape), low, high), [...shape], 'float32');
}

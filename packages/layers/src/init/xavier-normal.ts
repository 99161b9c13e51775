import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@nnlab/core';
import { computeFans } from './fans.js';
import { checkShape, type Initializer } from './initializer.js';
import type { XavierOptions } from './xavier-uniform.js';

/**
 * Xavier (Glorot) normal initialisation, as PyTorch's `xavier_normal_`:
 * N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)); `gain` defaults to 1.
 *
 * @example
 * const w = xavierNormal({ gain: calculateGain('tanh') })([20, 16], rng);
 */
export function xavierNormal(options: XavierOptions = {}): Initializer {
  const gain = assertNumber('gain', options.gain ?? 1, { min: 0 });
  return (shape, rng) => {
    const size = checkShape(shape);
    const { fanIn, fanOut } = computeFans(shape);
    const std = gain * Math.sqrt(2 / (fanIn + fanOut));
    return tf.tensor(rng.normalArray(size, 0, std), [...shape], 'float32');
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@nnlab/core';
import { computeFans } from './fans.js';
import { checkShape, type Initializer } from './initializer.js';

/** Options of {@link xavierUniform} and {@link xavierNormal}. */
export interface XavierOptions {
  /** Scale factor, e.g. `calculateGain('tanh')`. Default 1. */
  gain?: number;
}

/**
 * Xavier (Glorot) uniform initialisation, as PyTorch's `xavier_uniform_`:
 * U(-bound, bound) with bound = gain * sqrt(6 / (fanIn + fanOut)).
 *
 * @example
 * const w = xavierUniform()([20, 16], rng); // U(±sqrt(6 / 36))
 */
export function xavierUniform(options: XavierOptions = {}): Initializer {
  const gain = assertNumber('gain', options.gain ?? 1, { min: 0 });
  return (shape, rng) => {
    const size = checkShape(shape);
    const { fanIn, fanOut } = computeFans(shape);
    const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
    return tf.tensor(rng.uniformArray(size, -bound, bound), [...shape], 'float32');
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { assertNumber, assertOneOf } from '@nnlab/core';
import { calculateGain, type Nonlinearity } from './calculate-gain.js';
import { computeFans } from './fans.js';
import { checkShape, type Initializer } from './initializer.js';

/** Options of {@link kaimingUniform} and {@link kaimingNormal} (PyTorch's names and defaults). */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (used only with `'leaky_relu'`). Default 0. */
  a?: number;
  /** Preserve the variance of activations (`'fanIn'`, default) or of gradients (`'fanOut'`). */
  mode?: 'fanIn' | 'fanOut';
  /** The nonlinearity that follows, for {@link calculateGain}. Default `'leaky_relu'` (PyTorch's). */
  nonlinearity?: Nonlinearity;
}

/** Standard deviation Kaiming (He et al. 2015) prescribes: gain / sqrt(fan). */
export function kaimingStd(shape: readonly number[], options: KaimingOptions = {}): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  assertNumber('a', a);
  assertOneOf('mode', mode, ['fanIn', 'fanOut'] as const);
  const fans = computeFans(shape);
  const fan = mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * Kaiming (He) uniform initialisation, as PyTorch's `kaiming_uniform_`:
 * U(-bound, bound) with bound = sqrt(3) * gain / sqrt(fan). With
 * `{ a: Math.sqrt(5) }` this is PyTorch's default `Linear` weight, U(±1/sqrt(fanIn)).
 *
 * @example
 * const init = kaimingUniform({ nonlinearity: 'relu' });
 * const w = init([784, 300], rng); // U(±sqrt(6 / 784))
 */
export function kaimingUniform(options: KaimingOptions = {}): Initializer {
  kaimingStd([1, 1], options); // validate options now, not at first use
  return (shape, rng) => {
    const size = checkShape(shape);
    const bound = Math.sqrt(3) * kaimingStd(shape, options);
    return tf.tensor(rng.uniformArray(size, -bound, bound), [...shape], 'float32');
  };
}

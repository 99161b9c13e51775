import * as tf from '@tensorflow/tfjs-core';
import { kaimingStd, type KaimingOptions } from './kaiming-uniform.js';
import { checkShape, type Initializer } from './initializer.js';

/**
 * Kaiming (He) normal initialisation, as PyTorch's `kaiming_normal_`:
 * N(0, std^2) with std = gain / sqrt(fan). Defaults: `a` 0, `mode` `'fanIn'`,
 * `nonlinearity` `'leaky_relu'` (so gain sqrt(2), as for ReLU).
 *
 * @example
 * const w = kaimingNormal({ nonlinearity: 'relu' })([784, 300], rng); // std sqrt(2 / 784)
 */
export function kaimingNormal(options: KaimingOptions = {}): Initializer {
  kaimingStd([1, 1], options);
  return (shape, rng) => {
    const size = checkShape(shape);
    return tf.tensor(rng.normalArray(size, 0, kaimingStd(shape, options)), [...shape], 'float32');
  };
}

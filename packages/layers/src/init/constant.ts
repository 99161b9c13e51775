import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@nnlab/core';
import { checkShape, type Initializer } from './initializer.js';

/**
 * Fills with `value` (PyTorch's `constant_`). Uses no randomness.
 *
 * @example
 * const bias = constant(0.1)([10], rng);
 */
export function constant(value: number): Initializer {
  assertNumber('value', value);
  return (shape) => {
    checkShape(shape);
    return tf.fill([...shape], value, 'float32');
  };
}

/** Fills with zeros (PyTorch's `zeros_`). @example const bias = zeros()([10], rng); */
export function zeros(): Initializer {
  return constant(0);
}

/** Fills with ones (PyTorch's `ones_`). @example const scale = ones()([10], rng); */
export function ones(): Initializer {
  return constant(1);
}

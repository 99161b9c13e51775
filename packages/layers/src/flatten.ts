import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@nnlab/core';
import { Module } from './module.js';

/**
 * Flattens every axis after the first: `[N, d1, d2, ...]` becomes
 * `[N, d1 * d2 * ...]` (PyTorch's `nn.Flatten()` defaults).
 *
 * @example
 * new Flatten().forward(tf.zeros([32, 28, 28])).shape; // [32, 784]
 */
export class Flatten extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank < 2) {
      throw new ShapeMismatchError(`Flatten: input must have rank >= 2 ([N, ...]), got [${x.shape.join(', ')}]`);
    }
    const features = x.shape.slice(1).reduce((a, b) => a * b, 1);
    return tf.reshape(x, [x.shape[0] as number, features]);
  }
}

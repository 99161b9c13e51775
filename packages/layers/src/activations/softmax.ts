import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';

/**
 * Softmax over the last axis (tfjs supports no other): `exp(x) / sum(exp(x))`.
 * For losses prefer {@link LogSoftmax} or `crossEntropy` on logits, which are
 * numerically stable.
 *
 * @example
 * new Softmax().forward(tf.tensor2d([[0, 0]])); // [[0.5, 0.5]]
 */
export class Softmax extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return tf.softmax(x, -1);
  }

  protected override extraRepr(): string {
    return 'axis=-1';
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';

/**
 * Log-softmax over the last axis (tfjs supports no other), computed stably as
 * `x - max(x) - log(sum(exp(x - max(x))))`. Pair with `nllLoss`.
 *
 * @example
 * new LogSoftmax().forward(tf.tensor2d([[0, 0]])); // [[-0.693, -0.693]]
 */
export class LogSoftmax extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return tf.logSoftmax(x, -1);
  }

  protected override extraRepr(): string {
    return 'axis=-1';
  }
}

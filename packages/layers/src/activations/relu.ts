import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';

/** Elementwise `max(x, 0)`. @example new ReLU().forward(tf.tensor([-1, 2])); // [0, 2] */
export class ReLU extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return tf.relu(x);
  }
}

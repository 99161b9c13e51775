import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';

/** Elementwise hyperbolic tangent. @example new Tanh().forward(tf.tensor([0])); // [0] */
export class Tanh extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }
}

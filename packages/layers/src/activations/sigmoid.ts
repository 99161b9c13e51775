import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';

/** Elementwise `1 / (1 + exp(-x))`. @example new Sigmoid().forward(tf.tensor([0])); // [0.5] */
export class Sigmoid extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(x);
  }
}

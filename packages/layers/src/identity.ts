import type * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';

/** Returns its input unchanged (the same tensor); a placeholder in `Sequential`. @example new Identity().forward(x) === x; */
export class Identity extends Module {
  forward(x: tf.Tensor): tf.Tensor {
    return x;
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@nnlab/core';
import { Module } from '../module.js';

/** Options of {@link LeakyReLU}. */
export interface LeakyReLUOptions {
  /** Slope for negative inputs. Default 0.01 (PyTorch's). */
  negativeSlope?: number;
}

/**
 * Elementwise `x >= 0 ? x : negativeSlope * x`.
 *
 * @example
 * new LeakyReLU({ negativeSlope: 0.1 }).forward(tf.tensor([-1, 2])); // [-0.1, 2]
 */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;

  constructor(options: LeakyReLUOptions = {}) {
    super();
    this.negativeSlope = assertNumber('negativeSlope', options.negativeSlope ?? 0.01);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.leakyRelu(x, this.negativeSlope);
  }

  protected override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

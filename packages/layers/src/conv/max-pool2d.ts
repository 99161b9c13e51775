import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';
import { checkImageInput } from './check-image-input.js';
import type { Size2d } from './pair.js';
import { showPair } from './pair.js';
import { type Pool2dOptions, poolGeometry } from './pool-options.js';

/**
 * 2-D max pooling over NHWC batches (PyTorch's `nn.MaxPool2d` without
 * dilation or ceil mode): each output is the largest value in its
 * `kernelSize` window. Padding counts as -infinity, so it is never chosen.
 * Output size per axis: floor((in + 2 * padding - kernel) / stride) + 1.
 *
 * @example
 * new MaxPool2d(2).forward(tf.zeros([64, 24, 24, 16])).shape;             // [64, 12, 12, 16]
 * new MaxPool2d(3, { stride: 1 }).forward(tf.zeros([1, 14, 14, 8])).shape; // [1, 12, 12, 8]
 */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(kernelSize: Size2d, options: Pool2dOptions = {}) {
    super();
    ({ kernelSize: this.kernelSize, stride: this.stride, padding: this.padding } = poolGeometry('MaxPool2d', kernelSize, options));
  }

  forward(x: tf.Tensor): tf.Tensor {
    checkImageInput(`MaxPool2d(kernelSize=${showPair(this.kernelSize)})`, x, { kernel: this.kernelSize, padding: this.padding });
    const [ph, pw] = this.padding;
    const pad: 'valid' | tf.backend_util.ExplicitPadding = ph === 0 && pw === 0 ? 'valid' : [[0, 0], [ph, ph], [pw, pw], [0, 0]];
    // tfjs pools over real inputs only, which is what -infinity padding means.
    return tf.maxPool(x as tf.Tensor4D, this.kernelSize, this.stride, pad);
  }

  protected override extraRepr(): string {
    return `kernelSize=${showPair(this.kernelSize)}, stride=${showPair(this.stride)}, padding=${showPair(this.padding)}`;
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../module.js';
import { checkImageInput } from './check-image-input.js';
import type { Size2d } from './pair.js';
import { showPair } from './pair.js';
import { type Pool2dOptions, poolGeometry } from './pool-options.js';

/** Options of {@link AvgPool2d}. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /**
   * Whether padded zeros count in each window's average (PyTorch's
   * `count_include_pad`). Default true, as in PyTorch. Irrelevant without padding.
   */
  countIncludePad?: boolean;
}

/**
 * 2-D average pooling over NHWC batches (PyTorch's `nn.AvgPool2d` without
 * ceil mode or divisor override): each output is the mean of its
 * `kernelSize` window. Output size per axis: floor((in + 2 * padding - kernel) / stride) + 1.
 *
 * @example
 * new AvgPool2d(2).forward(tf.zeros([8, 10, 10, 6])).shape;                 // [8, 5, 5, 6]
 * new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false });
 */
export class AvgPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly countIncludePad: boolean;

  constructor(kernelSize: Size2d, options: AvgPool2dOptions = {}) {
    super();
    ({ kernelSize: this.kernelSize, stride: this.stride, padding: this.padding } = poolGeometry('AvgPool2d', kernelSize, options));
    this.countIncludePad = options.countIncludePad ?? true;
  }

  forward(x: tf.Tensor): tf.Tensor {
    checkImageInput(`AvgPool2d(kernelSize=${showPair(this.kernelSize)})`, x, { kernel: this.kernelSize, padding: this.padding });
    const [ph, pw] = this.padding;
    if (ph === 0 && pw === 0) return tf.avgPool(x as tf.Tensor4D, this.kernelSize, this.stride, 'valid');
    const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [ph, ph], [pw, pw], [0, 0]];
    // tfjs' padded average divides by the real inputs in each window (count_include_pad=False);
    // PyTorch's default counts the zeros, which is a valid pool over a zero-padded input.
    if (!this.countIncludePad) return tf.avgPool(x as tf.Tensor4D, this.kernelSize, this.stride, explicit);
    return tf.tidy(() => tf.avgPool(tf.pad(x as tf.Tensor4D, explicit), this.kernelSize, this.stride, 'valid'));
  }

  protected override extraRepr(): string {
    return `kernelSize=${showPair(this.kernelSize)}, stride=${showPair(this.stride)}, padding=${showPair(this.padding)}, countIncludePad=${this.countIncludePad}`;
  }
}

import type * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@nnlab/core';
import { BatchNormBase, type BatchNormOptions } from './batch-norm-base.js';

/**
 * Batch normalisation of image channels, PyTorch's `nn.BatchNorm2d`, on NHWC
 * `[N, H, W, C]` (PyTorch: NCHW). Statistics are per channel over N, H and W;
 * see {@link BatchNormBase} for the train/eval rules and the state names,
 * which match PyTorch's, so a PyTorch checkpoint's tensors load unchanged.
 *
 * @example
 * const norm = new BatchNorm2d(16);                        // after a Conv2d(1, 16, 5)
 * norm.forward(tf.randomNormal([64, 28, 28, 16])).shape;   // [64, 28, 28, 16]
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm2d', numFeatures, options);
  }

  protected checkInput(x: tf.Tensor): void {
    if (x.rank !== 4 || x.shape[3] !== this.numFeatures) {
      const hint = x.rank === 4 && x.shape[1] === this.numFeatures ? ' (this looks like NCHW: transpose with tf.transpose(x, [0, 2, 3, 1]))' : '';
      throw new ShapeMismatchError(
        `BatchNorm2d(${this.numFeatures}): input must be NHWC [N, H, W, ${this.numFeatures}], got [${x.shape.join(', ')}]${hint}`,
      );
    }
  }
}

import type * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@nnlab/core';
import { BatchNormBase, type BatchNormOptions } from './batch-norm-base.js';

/**
 * Batch normalisation of features, PyTorch's `nn.BatchNorm1d`, on `[N, C]`
 * (or `[N, L, C]`, channels last, where PyTorch takes `[N, C, L]`). Statistics
 * are per feature over every other axis; see {@link BatchNormBase} for the
 * train/eval rules and the state names, which match PyTorch's.
 *
 * @example
 * const norm = new BatchNorm1d(1200);          // after a Linear(784, 1200)
 * const y = norm.forward(tf.randomNormal([64, 1200])); // normalised per feature; running stats updated
 * norm.eval();                                  // now uses running_mean / running_var
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm1d', numFeatures, options);
  }

  protected checkInput(x: tf.Tensor): void {
    if ((x.rank !== 2 && x.rank !== 3) || x.shape[x.rank - 1] !== this.numFeatures) {
      throw new ShapeMismatchError(
        `BatchNorm1d(${this.numFeatures}): input must be [N, ${this.numFeatures}] or [N, L, ${this.numFeatures}], got [${x.shape.join(', ')}]`,
      );
    }
  }
}

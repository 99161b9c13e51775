import * as tf from '@tensorflow/tfjs-core';
import { assertNumber, InvalidArgumentError, Rng } from '@nnlab/core';
import { Module } from './module.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1). Default 0.5. */
  p?: number;
  /** Source of the masks (required: nnlab has no hidden global seed). */
  rng: Rng;
}

/**
 * Inverted dropout (PyTorch's `nn.Dropout`): in training mode each element is
 * zeroed with probability `p` and the survivors are scaled by `1 / (1 - p)`,
 * so evaluation needs no rescaling. In evaluation mode (or with `p = 0`) it
 * returns its input unchanged (the same tensor).
 *
 * Each training call draws one seed from `rng` for `tf.randomUniform`, so a
 * run is reproducible from the seed of the `Rng`.
 *
 * @example
 * const dropout = new Dropout({ p: 0.2, rng: new Rng(1) });
 * const y = dropout.forward(x);        // training: masked and scaled
 * dropout.eval().forward(x) === x;     // true
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Rng;

  constructor(options: DropoutOptions) {
    super();
    this.p = assertNumber('p', options?.p ?? 0.5, { min: 0 });
    if (this.p >= 1) throw new InvalidArgumentError(`Dropout: p must be in [0, 1), got ${this.p}`);
    if (!(options.rng instanceof Rng)) {
      throw new InvalidArgumentError(`Dropout: options.rng must be an Rng from @nnlab/core, got ${String(options.rng)}`);
    }
    // Registered so checkpoints save where the mask stream stands (a resumed run draws the same masks).
    this.rng = this.registerRng('rng', options.rng);
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    const seed = this.rng.seed();
    return tf.tidy(() => {
      const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.p);
      const scaledMask = tf.mul(tf.cast(keep, 'float32'), 1 / (1 - this.p));
      return tf.mul(x, scaledMask);
    });
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}

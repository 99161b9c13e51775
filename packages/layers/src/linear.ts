import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, InvalidArgumentError, Rng, ShapeMismatchError } from '@nnlab/core';
import type { Initializer } from './init/initializer.js';
import { kaimingUniform } from './init/kaiming-uniform.js';
import { uniform } from './init/uniform.js';
import { Module } from './module.js';
import type { TorchLayout } from './torch-layout.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Source of the initial weights (required: nnlab has no hidden global seed). */
  rng: Rng;
  /** Whether to learn an additive bias. Default true. */
  bias?: boolean;
  /** Override the default initialisers (PyTorch's; see {@link Linear}). */
  init?: { weight?: Initializer; bias?: Initializer };
}

/**
 * Fully connected layer: `y = x W + b`.
 *
 * Layout: `weight` is `[inFeatures, outFeatures]` (tfjs' matMul order), the
 * transpose of PyTorch's `[out, in]`; convert when loading PyTorch weights.
 * `bias` is `[outFeatures]`. Inputs are `[..., inFeatures]`.
 *
 * Default initialisation is PyTorch's, so models train like theirs: weight
 * `kaimingUniform({ a: sqrt(5) })`, i.e. U(±1/sqrt(inFeatures)), and bias
 * U(±1/sqrt(inFeatures)). The weight is drawn from `rng` before the bias.
 *
 * @example
 * const layer = new Linear(784, 10, { rng: new Rng(0) });
 * const y = layer.forward(tf.zeros([32, 784])); // [32, 10]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `[inFeatures, outFeatures]`. */
  readonly weight: tf.Variable;
  /** `[outFeatures]`, or null when built with `bias: false`. */
  readonly bias: tf.Variable | null;
  private readonly weightInit: Initializer;
  private readonly biasInit: Initializer;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions) {
    super();
    this.inFeatures = assertInteger('inFeatures', inFeatures, 1);
    this.outFeatures = assertInteger('outFeatures', outFeatures, 1);
    if (!(options?.rng instanceof Rng)) {
      throw new InvalidArgumentError(`Linear: options.rng must be an Rng from @nnlab/core, got ${String(options?.rng)}`);
    }
    const bound = 1 / Math.sqrt(inFeatures);
    this.weightInit = options.init?.weight ?? kaimingUniform({ a: Math.sqrt(5) });
    this.biasInit = options.init?.bias ?? uniform(-bound, bound);
    this.weight = this.registerParameter('weight', this.weightInit([inFeatures, outFeatures], options.rng));
    this.bias = options.bias === false ? null : this.registerParameter('bias', this.biasInit([outFeatures], options.rng));
  }

  /** Draws new initial values from `rng` and writes them in place (optimizers keep their references). */
  resetParameters(rng: Rng): void {
    tf.tidy(() => {
      this.weight.assign(this.weightInit([this.inFeatures, this.outFeatures], rng));
      this.bias?.assign(this.biasInit([this.outFeatures], rng));
    });
  }

  forward(x: tf.Tensor): tf.Tensor {
    const last = x.shape[x.rank - 1];
    if (x.rank < 1 || last !== this.inFeatures) {
      throw new ShapeMismatchError(
        `Linear(${this.inFeatures}, ${this.outFeatures}): input must be [..., ${this.inFeatures}], got [${x.shape.join(', ')}]`,
      );
    }
    return tf.tidy(() => {
      const flat = x.rank === 2 ? x : tf.reshape(x, [-1, this.inFeatures]);
      // Plain matMul + add, not tf.fused.matMul: the fused op's custom gradient always computes
      // the input gradient, an extra (transposed) matMul as large as the forward one that the
      // first layer never needs (1.6x slower MLP steps on wasm). The tape skips it here.
      const product = tf.matMul(flat, this.weight);
      const y = this.bias ? tf.add(product, this.bias) : product;
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.outFeatures]);
    });
  }

  /** PyTorch stores `weight` as `[out, in]`, the transpose of ours. */
  protected override torchLayout(name: string): TorchLayout {
    return name === 'weight' ? { name, permutation: [1, 0] } : { name };
  }

  protected override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, InvalidArgumentError, Rng } from '@nnlab/core';
import type { Initializer } from '../init/initializer.js';
import { kaimingUniform } from '../init/kaiming-uniform.js';
import { uniform } from '../init/uniform.js';
import { Module } from '../module.js';
import type { TorchLayout } from '../torch-layout.js';
import { checkImageInput } from './check-image-input.js';
import { pair, showPair, type Size2d } from './pair.js';

/** Padding of a {@link Conv2d}: zeros on each side (per axis), or PyTorch's `'same'`/`'valid'`. */
export type Conv2dPadding = Size2d | 'same' | 'valid';

/** Options of {@link Conv2d}. */
export interface Conv2dOptions {
  /** Source of the initial weights (required: nnlab has no hidden global seed). */
  rng: Rng;
  /** Step between windows, one number or `[height, width]`. Default 1. */
  stride?: Size2d;
  /**
   * Zeros added on each side: a number or `[height, width]` (symmetric, as
   * PyTorch's `padding=p`), `'valid'` (none, the default) or `'same'` (output
   * as large as the input; needs stride 1, as in PyTorch).
   */
  padding?: Conv2dPadding;
  /** Whether to learn an additive bias per output channel. Default true. */
  bias?: boolean;
  /** Override the default initialisers (PyTorch's; see {@link Conv2d}). */
  init?: { weight?: Initializer; bias?: Initializer };
}

/**
 * 2-D convolution (cross-correlation, like PyTorch's `nn.Conv2d`) over NHWC
 * batches: `[N, H, W, inChannels]` to `[N, H', W', outChannels]`.
 *
 * Layout: `weight` is `[kh, kw, inChannels, outChannels]` (HWIO, tfjs'
 * `conv2d` filter). PyTorch's OIHW weight `w` maps to it by
 * `w.permute(2, 3, 1, 0)`, and its NCHW activations by `x.permute(0, 2, 3, 1)`.
 * `bias` is `[outChannels]`, the same in both.
 *
 * Default initialisation is PyTorch's: weight `kaimingUniform({ a: sqrt(5) })`,
 * i.e. U(±1/sqrt(fanIn)) with fanIn = inChannels * kh * kw, and bias
 * U(±1/sqrt(fanIn)); the weight is drawn from `rng` before the bias.
 *
 * @example
 * const conv = new Conv2d(1, 16, 5, { rng: new Rng(0) });            // the lab CNN's first layer
 * conv.forward(tf.zeros([64, 28, 28, 1])).shape;                      // [64, 24, 24, 16]
 * new Conv2d(16, 32, 3, { rng, padding: 'same' });                     // keeps height and width
 * new Conv2d(3, 8, [3, 5], { rng, stride: 2, padding: [1, 2], bias: false });
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  /** `'same'`, or the zeros added on each side as `[height, width]` (`'valid'` is `[0, 0]`). */
  readonly padding: [number, number] | 'same';
  /** `[kh, kw, inChannels, outChannels]`. */
  readonly weight: tf.Variable;
  /** `[outChannels]`, or null when built with `bias: false`. */
  readonly bias: tf.Variable | null;
  private readonly weightInit: Initializer;
  private readonly biasInit: Initializer;
  private readonly tfPadding: 'valid' | 'same' | tf.backend_util.ExplicitPadding;

  constructor(inChannels: number, outChannels: number, kernelSize: Size2d, options: Conv2dOptions) {
    super();
    this.inChannels = assertInteger('Conv2d inChannels', inChannels, 1);
    this.outChannels = assertInteger('Conv2d outChannels', outChannels, 1);
    this.kernelSize = pair('Conv2d kernelSize', kernelSize, 1);
    if (!(options?.rng instanceof Rng)) {
      throw new InvalidArgumentError(`Conv2d: options.rng must be an Rng from @nnlab/core, got ${String(options?.rng)}`);
    }
    this.stride = pair('Conv2d stride', options.stride ?? 1, 1);
    const padding = options.padding ?? 'valid';
    if (padding === 'same') {
      if (this.stride[0] !== 1 || this.stride[1] !== 1) {
        throw new InvalidArgumentError(`Conv2d: padding 'same' needs stride 1 (as in PyTorch), got stride ${showPair(this.stride)}`);
      }
      this.padding = 'same';
      this.tfPadding = 'same';
    } else {
      this.padding = padding === 'valid' ? [0, 0] : pair("Conv2d padding (a number, [height, width], 'same' or 'valid')", padding, 0);
      const [ph, pw] = this.padding;
      this.tfPadding = ph === 0 && pw === 0 ? 'valid' : [[0, 0], [ph, ph], [pw, pw], [0, 0]];
    }
    const [kh, kw] = this.kernelSize;
    const bound = 1 / Math.sqrt(inChannels * kh * kw);
    this.weightInit = options.init?.weight ?? kaimingUniform({ a: Math.sqrt(5) });
    this.biasInit = options.init?.bias ?? uniform(-bound, bound);
    this.weight = this.registerParameter('weight', this.weightInit(this.weightShape(), options.rng));
    this.bias = options.bias === false ? null : this.registerParameter('bias', this.biasInit([outChannels], options.rng));
  }

  /** Draws new initial values from `rng` and writes them in place (optimizers keep their references). */
  resetParameters(rng: Rng): void {
    tf.tidy(() => {
      this.weight.assign(this.weightInit(this.weightShape(), rng));
      this.bias?.assign(this.biasInit([this.outChannels], rng));
    });
  }

  forward(x: tf.Tensor): tf.Tensor {
    checkImageInput(this.describe(), x, { channels: this.inChannels, kernel: this.kernelSize, padding: this.padding });
    // One fused conv + bias kernel; tfjs-core gives it a gradient of its own (linear activation).
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: this.weight as tf.Tensor4D,
      strides: this.stride,
      pad: this.tfPadding,
      ...(this.bias ? { bias: this.bias } : {}),
    });
  }

  /** PyTorch stores `weight` as OIHW `[out, in, kh, kw]`; ours is HWIO `[kh, kw, in, out]`. */
  protected override torchLayout(name: string): TorchLayout {
    return name === 'weight' ? { name, permutation: [3, 2, 0, 1] } : { name };
  }

  protected override extraRepr(): string {
    const padding = this.padding === 'same' ? "'same'" : showPair(this.padding);
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${showPair(this.kernelSize)}, stride=${showPair(this.stride)}, padding=${padding}, bias=${this.bias !== null}`;
  }

  private describe(): string {
    return `Conv2d(${this.inChannels}, ${this.outChannels}, kernelSize=${showPair(this.kernelSize)})`;
  }

  private weightShape(): [number, number, number, number] {
    return [this.kernelSize[0], this.kernelSize[1], this.inChannels, this.outChannels];
  }
}

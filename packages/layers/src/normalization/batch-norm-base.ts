import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumber, InvalidArgumentError, ShapeMismatchError } from '@nnlab/core';
import { Module } from '../module.js';
import { batchNormTrain } from './batch-norm-train.js';

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's names and defaults). */
export interface BatchNormOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /**
   * Weight of the new batch in the running statistics: `running = (1 - momentum) * running + momentum * batch`.
   * Default 0.1. `null` means a cumulative average over all batches seen (factor `1 / numBatchesTracked`).
   */
  momentum?: number | null;
  /** Learn a per-feature scale (`weight`, init 1) and shift (`bias`, init 0). Default true. */
  affine?: boolean;
  /**
   * Keep running mean and variance (buffers) and normalise with them in eval
   * mode. When false there are no buffers and batch statistics are used in
   * both modes. Default true.
   */
  trackRunningStats?: boolean;
}

/**
 * Shared implementation of batch normalisation over the last axis (the
 * channels/features axis in nnlab's channels-last layout), as PyTorch's
 * `_BatchNorm`:
 *
 * - training: y = (x - mean) / sqrt(var + eps) * weight + bias, with the
 *   batch's mean and biased variance over every axis but the last; the
 *   running statistics are updated with the batch mean and the *unbiased*
 *   variance (n / (n - 1)), and `numBatchesTracked` grows by one;
 * - eval: the same with the running statistics instead.
 *
 * State names match PyTorch's `state_dict` keys: `weight`, `bias`,
 * `running_mean`, `running_var`, `num_batches_tracked` (int32 here, int64 in PyTorch).
 */
export abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** Per-feature scale `[numFeatures]` (ones at first), or null when not affine. */
  readonly weight: tf.Variable | null;
  /** Per-feature shift `[numFeatures]` (zeros at first), or null when not affine. */
  readonly bias: tf.Variable | null;
  /** Buffer `running_mean` `[numFeatures]`, or null without `trackRunningStats`. */
  readonly runningMean: tf.Variable | null;
  /** Buffer `running_var` `[numFeatures]`, or null without `trackRunningStats`. */
  readonly runningVar: tf.Variable | null;
  /** Buffer `num_batches_tracked`, an int32 scalar, or null without `trackRunningStats`. */
  readonly numBatchesTracked: tf.Variable | null;

  /** `layer` is the class name used in messages. */
  protected constructor(layer: string, numFeatures: number, options: BatchNormOptions = {}) {
    super();
    this.numFeatures = assertInteger(`${layer} numFeatures`, numFeatures, 1);
    this.eps = assertNumber(`${layer} eps`, options.eps ?? 1e-5, { min: 0, exclusiveMin: true });
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.momentum = momentum === null ? null : assertNumber(`${layer} momentum`, momentum, { min: 0, max: 1 });
    for (const flag of ['affine', 'trackRunningStats'] as const) {
      if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
        throw new InvalidArgumentError(`${layer} ${flag} must be true or false, got ${String(options[flag])}`);
      }
    }
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.affine ? this.registerParameter('weight', tf.ones([numFeatures])) : null;
    this.bias = this.affine ? this.registerParameter('bias', tf.zeros([numFeatures])) : null;
    this.runningMean = this.trackRunningStats ? this.registerBuffer('running_mean', tf.zeros([numFeatures])) : null;
    this.runningVar = this.trackRunningStats ? this.registerBuffer('running_var', tf.ones([numFeatures])) : null;
    this.numBatchesTracked = this.trackRunningStats ? this.registerBuffer('num_batches_tracked', tf.scalar(0, 'int32')) : null;
  }

  /** Throws ShapeMismatchError unless `x` has a shape this layer normalises. */
  protected abstract checkInput(x: tf.Tensor): void;

  /** Resets the running statistics to mean 0, variance 1 and 0 batches, as PyTorch's `reset_running_stats`. */
  resetRunningStats(): void {
    tf.tidy(() => {
      this.runningMean?.assign(tf.zeros([this.numFeatures]));
      this.runningVar?.assign(tf.ones([this.numFeatures]));
      this.numBatchesTracked?.assign(tf.scalar(0, 'int32'));
    });
  }

  forward(x: tf.Tensor): tf.Tensor {
    this.checkInput(x);
    const perFeature = x.size / this.numFeatures;
    const useBatchStats = this.training || this.runningMean === null;
    if (useBatchStats && perFeature < 2) {
      throw new ShapeMismatchError(
        `${this.constructor.name}(${this.numFeatures}): batch statistics need more than 1 value per feature, got input [${x.shape.join(', ')}]`,
      );
    }
    return tf.tidy(() => {
      // Real scale and offset tensors even when not affine: the gradients take them as inputs.
      const scale = this.weight ?? tf.ones([this.numFeatures]);
      const offset = this.bias ?? tf.zeros([this.numFeatures]);
      if (useBatchStats) {
        const { y, mean, variance } = batchNormTrain(x, scale, offset, this.eps);
        if (this.training) this.updateRunningStats(mean, variance, perFeature);
        return y;
      }
      return tf.batchNorm(x, this.runningMean as tf.Tensor, this.runningVar as tf.Tensor, offset, scale, this.eps);
    });
  }

  /**
   * Writes the new running statistics in place. Called inside forward's tidy,
   * so the intermediates are freed; the variables keep only their new values.
   * The ops lie off the path to the output, so no gradient flows through them.
   */
  private updateRunningStats(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    if (this.runningMean === null || this.runningVar === null || this.numBatchesTracked === null) return;
    const tracked = tf.add(this.numBatchesTracked, tf.scalar(1, 'int32'));
    this.numBatchesTracked.assign(tracked);
    const factor: tf.Tensor = this.momentum === null ? tf.div(1, tf.cast(tracked, 'float32')) : tf.scalar(this.momentum);
    const keep = tf.sub(1, factor);
    const unbiased = tf.mul(variance, count / (count - 1));
    this.runningMean.assign(tf.add(tf.mul(this.runningMean, keep), tf.mul(mean, factor)));
    this.runningVar.assign(tf.add(tf.mul(this.runningVar, keep), tf.mul(unbiased, factor)));
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

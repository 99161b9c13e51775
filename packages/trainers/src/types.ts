import type * as tf from '@tensorflow/tfjs-core';
import type { TrainingPosition } from './training-position.js';

/** One batch: inputs `x` and labels `y` (int32 class indices or one-hot), owned by whoever iterates. */
export interface Batch {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  /** Number of examples (defaults to `x.shape[0]`). */
  readonly size?: number;
}

/** Anything that yields batches once per iteration (a `DataLoader` from `@nnlab/datasets`, an array, ...). */
export type BatchSource = Iterable<Batch> & { readonly numBatches?: number };

/** A loss from predictions (logits) and targets to a scalar (the batch mean). */
export type LossFunction = (predictions: tf.Tensor, targets: tf.Tensor) => tf.Scalar;

/** Loss and metrics over a set of examples (what {@link evaluate} returns). */
export interface EvaluationResult {
  readonly loss: number;
  /** Each metric's mean over the examples, by metric name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** `metrics.accuracy` (a fraction in [0, 1]) when the accuracy metric ran. */
  readonly accuracy?: number;
  readonly count: number;
}

/** One row of {@link History}: what happened in one epoch. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly loss: number;
  /** Each metric's mean over the epoch's examples, by metric name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** `metrics.accuracy` when the accuracy metric ran (the default). */
  readonly accuracy?: number;
  readonly validationLoss?: number;
  readonly validationMetrics?: Readonly<Record<string, number>>;
  /** `validationMetrics.accuracy` when validation data and the accuracy metric are there. */
  readonly validationAccuracy?: number;
  /** Learning rate at the end of the epoch. */
  readonly learningRate: number;
  readonly seconds: number;
  readonly samplesPerSec: number;
  readonly steps: number;
}

/** What {@link fit} returns: one entry per completed epoch. */
export interface History {
  readonly epochs: EpochLog[];
  /** True when a callback stopped training early. */
  readonly stoppedEarly: boolean;
  /** Set when `fit`'s `signal` interrupted training: where it stopped (the partial epoch is not in `epochs`). */
  readonly interrupted?: TrainingPosition;
}

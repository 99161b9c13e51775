import type { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import type { TrainingPosition } from './training-position.js';
import type { EpochLog, History } from './types.js';

/** What a callback sees of the run and may steer. */
export interface TrainingContext {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly epochs: number;
  /** Batches per epoch, when the data source knows it. */
  readonly stepsPerEpoch: number | undefined;
  /** Asks `fit` to stop after the current epoch (or batch, if called from `onBatchEnd`). */
  stop(reason: string): void;
  /** Why training was stopped, once it was. */
  readonly stopReason: string | undefined;
  /**
   * Where training stands (epochs completed, batches into the next one,
   * global step, the unfinished epoch's totals). It matches the model's
   * weights and counts only steps whose numbers have been read (so checked
   * finite) in every hook except `onBatchEnd`, where steps up to
   * `FIT_READS_BEHIND` later may still be in flight; a callback that saves
   * from `onBatchEnd` asks for a settled step with `settleAt`.
   */
  readonly position: TrainingPosition;
}

/**
 * After each batch, once its numbers have been read from the device (up to
 * `FIT_READS_BEHIND` steps after the step ran). Values are for that batch only.
 */
export interface BatchLog {
  readonly epoch: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  /** Steps since training began, across epochs. */
  readonly globalStep: number;
  readonly loss: number;
  /** Each metric's mean over the batch, by metric name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** `metrics.accuracy` when the accuracy metric ran (the default). */
  readonly accuracy?: number;
  readonly size: number;
  /** Examples per second so far in this epoch. */
  readonly samplesPerSec: number;
}

/**
 * Hooks into {@link fit}. Every method is optional and may be async.
 *
 * @example
 * const logEpochs: Callback = { onEpochEnd: (log) => console.log(log.epoch, log.loss) };
 */
export interface Callback {
  onTrainBegin?(context: TrainingContext): void | Promise<void>;
  onEpochBegin?(epoch: number, context: TrainingContext): void | Promise<void>;
  onBatchEnd?(log: BatchLog, context: TrainingContext): void | Promise<void>;
  /**
   * Asked right after global step `globalStep` was dispatched: return true to
   * have `fit` wait for the reads of every step so far before going on, so
   * that this step's `onBatchEnd` sees `context.position` and the model at
   * exactly this step, all of it confirmed finite (a checkpoint callback saves
   * there). Costs the device a pipeline drain; ask rarely.
   */
  settleAt?(globalStep: number, context: TrainingContext): boolean;
  onEpochEnd?(log: EpochLog, context: TrainingContext): void | Promise<void>;
  /**
   * When `fit`'s `signal` stopped training, after the step in progress and
   * before `onTrainEnd`; `position` is where a resumed run should continue
   * (a checkpoint callback saves here).
   */
  onInterrupt?(position: TrainingPosition, context: TrainingContext): void | Promise<void>;
  onTrainEnd?(history: History, context: TrainingContext): void | Promise<void>;
}

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
  /** Where training stands now (epochs completed, batches into the next one, global step). */
  readonly position: TrainingPosition;
}

/** After each batch. Values are for that batch only. */
export interface BatchLog {
  readonly epoch: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  /** Steps since training began, across epochs. */
  readonly globalStep: number;
  readonly loss: number;
  readonly accuracy: number;
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
  onEpochEnd?(log: EpochLog, context: TrainingContext): void | Promise<void>;
  /**
   * When `fit`'s `signal` stopped training, after the step in progress and
   * before `onTrainEnd`; `position` is where a resumed run should continue
   * (a checkpoint callback saves here).
   */
  onInterrupt?(position: TrainingPosition, context: TrainingContext): void | Promise<void>;
  onTrainEnd?(history: History, context: TrainingContext): void | Promise<void>;
}

import { assertInteger } from '@nnlab/core';
import { type Callback, type EpochLog, type RandomSource, randomState, type StatefulComponent, type TrainingContext, type TrainingPosition } from '@nnlab/trainers';
import type { CheckpointFileSystem } from './checkpoint-file-system.js';
import type { CheckpointInputRecord } from './checkpoint-metadata.js';
import { type SavedCheckpoint, saveCheckpoint } from './save-checkpoint.js';

/** Options of {@link checkpointCallback}. */
export interface CheckpointCallbackOptions {
  /** Checkpoints to keep, newest first (default 2). */
  readonly keep?: number;
  /** False: never remove a checkpoint (see `SaveCheckpointOptions.prune`). */
  readonly prune?: boolean;
  /**
   * Also save every this many training steps (global steps, counted across
   * resumes), mid-epoch included, so a crash loses at most that many steps
   * of work. Default: only at the end of each epoch (and on interruption).
   */
  readonly everySteps?: number;
  /** The model string, recorded and checked on restore. */
  readonly modelSpec?: string;
  /** How the optimizer was built, recorded and checked on restore. */
  readonly optimizerConfig?: { readonly name: string; readonly options?: Record<string, unknown> };
  /**
   * Random sources of the data pipeline (`{ shuffle: trainLoader }`). Their
   * state is taken at the start of each epoch, so a checkpoint made mid-epoch
   * lets `fit` replay that epoch's order and skip the batches already done.
   */
  readonly rngs?: Readonly<Record<string, RandomSource>>;
  /** Stateful callbacks to save (`{ plateau }`). */
  readonly states?: Readonly<Record<string, StatefulComponent>>;
  /** Epoch logs from before this `fit` call (a resumed run's earlier epochs). */
  readonly history?: readonly EpochLog[];
  /** Extra JSON-safe data, computed at each save. */
  readonly extra?: () => Record<string, unknown>;
  /** What the model takes (input shape, training's normalisation, class names), recorded for export and prediction. */
  readonly input?: CheckpointInputRecord;
  /** Told about each save (e.g. to log it). */
  readonly onSave?: (saved: SavedCheckpoint) => void;
  /** File operations (fault injection in tests). */
  readonly fileSystem?: CheckpointFileSystem;
}

/**
 * A {@link Callback} that saves a checkpoint into `dir` (see
 * `saveCheckpoint`) at the end of every epoch, every `everySteps` steps
 * when given, and when `fit`'s `signal` interrupts training
 * (`onInterrupt`), mid-epoch if need be. The model and
 * optimizer come from the training context; the history it saves is
 * `options.history` plus every epoch of this run. A failed save throws a
 * `CheckpointError` (stopping `fit`) and leaves the previous checkpoint.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * await fit(model, optimizer, {
 *   train: trainLoader, epochs: 10, signal: controller.signal,
 *   callbacks: [checkpointCallback('runs/mnist', { modelSpec: 'mlp:784-300-10', rngs: { shuffle: trainLoader } })],
 * });
 */
export function checkpointCallback(dir: string, options: CheckpointCallbackOptions = {}): Callback {
  const everySteps = options.everySteps === undefined ? undefined : assertInteger('everySteps', options.everySteps, 1);
  const sources = Object.entries(options.rngs ?? {});
  const history: EpochLog[] = [];
  let epochStart: Record<string, unknown> = {};
  let lastSaved: TrainingPosition | undefined;
  const snapshot = (): Record<string, unknown> => Object.fromEntries(sources.map(([name, source]) => [name, randomState(source)]));
  const frozen = (states: Record<string, unknown>): Record<string, RandomSource> =>
    Object.fromEntries(Object.entries(states).map(([name, state]) => [name, { getRngState: () => state, setRngState: () => undefined }]));

  const save = async (context: TrainingContext, position: TrainingPosition, rngs: Record<string, RandomSource>): Promise<void> => {
    const saved = await saveCheckpoint(dir, {
      model: context.model,
      optimizer: context.optimizer,
      position,
      rngs,
      history,
      ...(options.keep === undefined ? {} : { keep: options.keep }),
      ...(options.prune === undefined ? {} : { prune: options.prune }),
      ...(options.modelSpec === undefined ? {} : { modelSpec: options.modelSpec }),
      ...(options.optimizerConfig === undefined ? {} : { optimizerConfig: options.optimizerConfig }),
      ...(options.states === undefined ? {} : { states: options.states }),
      ...(options.extra === undefined ? {} : { extra: options.extra() }),
      ...(options.input === undefined ? {} : { input: options.input }),
      ...(options.fileSystem === undefined ? {} : { fileSystem: options.fileSystem }),
    });
    lastSaved = position;
    options.onSave?.(saved);
  };

  return {
    onTrainBegin() {
      history.splice(0, history.length, ...(options.history ?? []));
      epochStart = snapshot();
    },
    onEpochBegin() {
      epochStart = snapshot();
    },
    // fit reads step results a few steps late; a mid-epoch save waits for every read up to its step, so
    // the checkpoint holds only steps confirmed finite and its position matches the weights.
    settleAt(globalStep) {
      return everySteps !== undefined && globalStep % everySteps === 0;
    },
    async onBatchEnd(log, context) {
      // The last batch of an epoch is saved by onEpochEnd, with the epoch's log and validation.
      if (everySteps === undefined || log.globalStep % everySteps !== 0 || log.step === context.stepsPerEpoch) return;
      await save(context, context.position, frozen(epochStart));
    },
    async onEpochEnd(log, context) {
      history.push(log);
      await save(context, context.position, Object.fromEntries(sources));
    },
    async onInterrupt(position, context) {
      // Nothing trained since the last save: that checkpoint already holds this position.
      if (lastSaved?.globalStep === position.globalStep && lastSaved.epoch === position.epoch && lastSaved.batchesDone === position.batchesDone) return;
      // Mid-epoch, the data sources must restart the epoch from its beginning (fit skips the batches done).
      await save(context, position, position.batchesDone > 0 ? frozen(epochStart) : Object.fromEntries(sources));
    },
  };
}

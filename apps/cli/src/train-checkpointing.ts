import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, InvalidArgumentError, NotFoundError } from '@nnlab/core';
import type { DataLoader } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import {
  type Callback,
  type CheckpointInputRecord,
  type CheckpointMetadata,
  checkpointCallback,
  type EpochLog,
  type History,
  readCheckpointMetadata,
  restoreCheckpoint,
  type StatefulComponent,
  type TrainingPosition,
} from '@nnlab/trainers';
import { ExitRequest } from './exit-request.js';
import type { Output } from './output.js';
import { lockSaveDirectory } from './save-lock.js';
import { checkFreeSpace, checkpointBytesNeeded } from './save-space-check.js';
import type { TrainingRunOptions } from './training-run-options.js';

/** The `nnlab train` options checkpointing reads (a subset of `TrainOptions`). */
export interface CheckpointingOptions extends TrainingRunOptions {
  readonly scheduler?: string;
  readonly augment?: boolean;
  readonly limit?: number;
  /** `--save DIR`: checkpoint every epoch and on Ctrl-C. */
  readonly save?: string;
  /** `--resume DIR`: continue the run saved there (and keep saving there unless `--save` says otherwise). */
  readonly resume?: string;
  /** `--keep-checkpoints N` (default 2). */
  readonly keepCheckpoints?: number;
  /** `--save-every STEPS`: also checkpoint every STEPS training steps, mid-epoch included. */
  readonly saveEvery?: number;
}

/** Settings that decide the data order and the optimizer; a resumed run must use the same ones. */
function runSettings(options: CheckpointingOptions, modelText: string): Record<string, string | number | boolean | null> {
  return {
    model: modelText,
    dataset: options.dataset,
    'batch-size': options.batchSize,
    seed: options.seed,
    normalize: options.normalize,
    limit: options.limit ?? null,
    augment: options.augment === true,
    optimizer: options.optimizer,
    scheduler: options.scheduler ?? null,
  };
}

/** What `nnlab train` needs from live objects to restore and save them. */
export interface TrainObjects {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly trainLoader: DataLoader;
  /** What the model takes (shape, normalisation statistics, class names), recorded for `nnlab export` and `nnlab predict`. */
  readonly input?: CheckpointInputRecord;
  /** The `--scheduler` callback, when it has state to carry (plateau). */
  readonly scheduler?: { state?: () => unknown; loadState?: (state: never) => void };
}

/** Checkpointing for one `nnlab train` run; see {@link prepareTrainCheckpointing}. */
export interface TrainCheckpointing {
  /** Restores a `--resume` run into `objects` (no-op without one) and prepares saving; call before `fit`. */
  restore(objects: TrainObjects): Promise<void>;
  /** Options to spread into `fit`: `resumeFrom`, `signal` and the checkpoint callback (put it last). */
  fitOptions(): { resumeFrom?: TrainingPosition; signal: AbortSignal; callbacks: Callback[] };
  /**
   * After `fit`: stops listening for signals; after an interruption prints
   * how to resume, runs `cleanup` and throws {@link ExitRequest} (130/143).
   * Returns every epoch log of the run, the resumed ones included.
   */
  afterFit(history: History, cleanup: () => void): EpochLog[];
  /** Stops listening for signals and releases the `--save` lock; for runs that end by an error (afterFit does it otherwise). */
  release(): void;
  /** The newest checkpoint directory this run wrote, if any. */
  lastSaved(): string | undefined;
}

/**
 * Checks `--save`/`--resume` before any data is loaded and returns the
 * checkpointing for the run, or undefined when neither was given: a resume
 * directory must hold a checkpoint of the same model and data settings; a
 * save directory must be writable and must not already hold another run's
 * checkpoints (unless it is the one being resumed).
 */
export async function prepareTrainCheckpointing(options: CheckpointingOptions, modelText: string, output: Output): Promise<TrainCheckpointing | undefined> {
  if (options.save === undefined && options.resume === undefined) {
    if (options.saveEvery !== undefined) throw new InvalidArgumentError(`--save-every ${options.saveEvery} needs --save DIR (or --resume DIR) to say where checkpoints go`);
    return undefined;
  }
  const settings = runSettings(options, modelText);
  let resumed: { directory: string; metadata: CheckpointMetadata } | undefined;
  if (options.resume !== undefined) {
    resumed = await readResumeMetadata(options.resume);
    const saved = (resumed.metadata.extra.cli ?? {}) as Record<string, unknown>;
    if (resumed.metadata.model !== null && resumed.metadata.model !== modelText) {
      throw new CheckpointError(`--resume ${options.resume}: the checkpoint is of model "${resumed.metadata.model}", not "${modelText}"; resume with --model ${resumed.metadata.model}`);
    }
    for (const [name, value] of Object.entries(settings)) {
      if (name in saved && saved[name] !== value) {
        throw new InvalidArgumentError(
          `--resume ${options.resume}: the run was started with --${name} ${JSON.stringify(saved[name])}, not ${JSON.stringify(value)}; resume with the same --${name}`,
        );
      }
    }
  }
  const saveDir = options.save ?? (options.resume as string);
  await checkSaveDirectory(saveDir, options.save !== undefined && options.save !== options.resume);
  // Before any data is loaded: a second run pointed at the same directory refuses now.
  const releaseLock = await lockSaveDirectory(saveDir);

  const controller = new AbortController();
  let signalName: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals): void => {
    signalName ??= name;
    controller.abort();
    // One more Ctrl-C falls through to Node's default and ends the process at once: the last complete checkpoint is kept.
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  let position: TrainingPosition | undefined;
  let history: EpochLog[] = [];
  let callback: Callback = {};
  let lastSaved = '';

  return {
    async restore(objects) {
      // Before the first step: a disk too full for the checkpoints fails now, not after an epoch's work.
      await checkFreeSpace(saveDir, checkpointBytesNeeded(objects.model.numParameters(), options.keepCheckpoints ?? 2)).catch((error: unknown) => {
        releaseLock();
        throw error;
      });
      const states: Record<string, StatefulComponent> =
        objects.scheduler?.state !== undefined && objects.scheduler.loadState !== undefined
          ? { scheduler: { state: objects.scheduler.state, loadState: objects.scheduler.loadState as (state: unknown) => void } }
          : {};
      if (options.resume !== undefined) {
        const restored = await restoreCheckpoint(options.resume, {
          model: objects.model,
          optimizer: objects.optimizer,
          modelSpec: modelText,
          optimizerName: options.optimizer,
          rngs: { train: objects.trainLoader },
          states,
        });
        position = restored.position;
        history = restored.history;
        const at = restored.position.batchesDone > 0 ? `, ${restored.position.batchesDone} batches into epoch ${restored.position.epoch + 1}` : '';
        output.stdout.write(`resuming from ${restored.directory} (epoch ${restored.position.epoch}${at}, step ${restored.position.globalStep})\n`);
      }
      callback = checkpointCallback(saveDir, {
        modelSpec: modelText,
        optimizerConfig: { name: options.optimizer, options: optimizerSettings(options) },
        rngs: { train: objects.trainLoader },
        states,
        history,
        extra: () => ({ cli: settings }),
        ...(objects.input === undefined ? {} : { input: objects.input }),
        ...(options.keepCheckpoints === undefined ? {} : { keep: options.keepCheckpoints }),
        ...(options.saveEvery === undefined ? {} : { everySteps: options.saveEvery }),
        onSave: (saved) => {
          lastSaved = saved.directory;
        },
      });
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    },
    fitOptions() {
      return { ...(position === undefined ? {} : { resumeFrom: position }), signal: controller.signal, callbacks: [callback] };
    },
    release() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      releaseLock();
    },
    lastSaved: () => lastSaved || undefined,
    afterFit(result, cleanup) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      releaseLock();
      const all = [...history, ...result.epochs];
      if (result.interrupted === undefined) return all;
      const name = signalName ?? 'SIGINT';
      const at = result.interrupted;
      const message =
        `interrupted by ${name} ${at.batchesDone > 0 ? `at epoch ${at.epoch + 1}, batch ${at.batchesDone}` : `after epoch ${at.epoch}`}; ` +
        `saved ${lastSaved || saveDir}. ` +
        `Resume with: ${resumeCommand(options, modelText, saveDir)}`;
      output.stderr.write(`nnlab: ${message}\n`);
      cleanup();
      throw new ExitRequest(name === 'SIGTERM' ? 143 : 130, message, 'E_INTERRUPTED');
    },
  };
}

async function readResumeMetadata(dir: string): Promise<{ directory: string; metadata: CheckpointMetadata }> {
  try {
    return await readCheckpointMetadata(dir);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`--resume: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Creates the directory and proves it writable now, rather than after the first epoch's work. */
async function checkSaveDirectory(dir: string, mustBeNew: boolean): Promise<void> {
  if (mustBeNew) {
    const existing = await readCheckpointMetadata(dir).catch(() => undefined);
    if (existing !== undefined) {
      throw new InvalidArgumentError(
        `--save ${dir} already holds a checkpoint (epoch ${existing.metadata.position.epoch}, step ${existing.metadata.position.globalStep}); ` +
          `continue that run with --resume ${dir}, or choose another --save directory`,
      );
    }
  }
  const probe = join(dir, `.nnlab-write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (error) {
    throw new CheckpointError(`--save ${dir} is not writable: ${(error as Error).message}`, { cause: error });
  }
}

/** The optimizer flags given, under the optimizer's option names (recorded in the checkpoint for people). */
function optimizerSettings(options: CheckpointingOptions): Record<string, number | boolean> {
  return {
    ...(options.lr === undefined ? {} : { learningRate: options.lr }),
    ...(options.momentum === undefined ? {} : { momentum: options.momentum }),
    ...(options.nesterov === true ? { nesterov: true } : {}),
    ...(options.weightDecay === undefined ? {} : { weightDecay: options.weightDecay }),
  };
}

/** The command line that continues this run. */
function resumeCommand(options: CheckpointingOptions, modelText: string, dir: string): string {
  const quote = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);
  const parts = ['nnlab train', `--model ${quote(modelText)}`, `--dataset ${quote(options.dataset)}`, `--backend ${quote(options.backend)}`];
  parts.push(`--epochs ${options.epochs}`, `--batch-size ${options.batchSize}`, `--optimizer ${options.optimizer}`, `--seed ${options.seed}`);
  if (options.lr !== undefined) parts.push(`--lr ${options.lr}`);
  if (options.momentum !== undefined) parts.push(`--momentum ${options.momentum}`);
  if (options.nesterov === true) parts.push('--nesterov');
  if (options.weightDecay !== undefined) parts.push(`--weight-decay ${options.weightDecay}`);
  if (!options.normalize) parts.push('--no-normalize');
  if (options.scheduler !== undefined) parts.push(`--scheduler ${quote(options.scheduler)}`);
  if (options.augment === true) parts.push('--augment');
  if (options.limit !== undefined) parts.push(`--limit ${options.limit}`);
  if (options.keepCheckpoints !== undefined) parts.push(`--keep-checkpoints ${options.keepCheckpoints}`);
  if (options.saveEvery !== undefined) parts.push(`--save-every ${options.saveEvery}`);
  parts.push(`--resume ${quote(dir)}`);
  return parts.join(' ');
}

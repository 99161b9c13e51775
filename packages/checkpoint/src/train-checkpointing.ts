import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CheckpointError, InvalidArgumentError, NotFoundError } from '@nnlab/core';
import { checkOutputDirectory } from '@nnlab/core/node';
import type { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import type { Callback, EpochLog, History, RandomSource, StatefulComponent, TrainingPosition } from '@nnlab/trainers';
import { checkpointCallback } from './checkpoint-callback.js';
import type { CheckpointInputRecord, CheckpointMetadata } from './checkpoint-metadata.js';
import { LATEST_FILE, METADATA_FILE } from './checkpoint-names.js';
import { type CheckpointScan, readCheckpointMetadata, scanCheckpoints, verifyCheckpoint } from './load-checkpoint.js';
import { restoreCheckpoint } from './restore-checkpoint.js';
import { lockSaveDirectory } from './save-lock.js';
import { checkFreeSpace, checkpointBytesNeeded } from './save-space-check.js';

/** A setting of a run that a resumed run must repeat (the data order and the optimizer depend on it). */
export type RunSetting = string | number | boolean | null;

/** Optimizer options a checkpoint records and a resumed run takes from it when not given again. */
export interface ResumableOptimizerOptions {
  readonly learningRate?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** Options of {@link prepareTrainCheckpointing}. */
export interface TrainCheckpointingOptions {
  /** Save checkpoints into this directory at every epoch's end and on SIGINT/SIGTERM (default: the directory `resume` belongs to). */
  readonly saveDir?: string;
  /** Continue the run saved here: a checkpoint directory, or a run directory (its newest checkpoint that verifies). */
  readonly resume?: string;
  /** Checkpoints kept in `saveDir`, newest first (default 2). */
  readonly keepCheckpoints?: number;
  /** Also save every this many training steps, mid-epoch included (default: at epoch ends only). */
  readonly saveEvery?: number;
  /** The model string; a resumed checkpoint must hold the same model. */
  readonly modelSpec: string;
  /** The optimizer's name and the options given for it; with `resume`, the ones not given come from the checkpoint. */
  readonly optimizer: { readonly name: string; readonly options?: ResumableOptimizerOptions };
  /**
   * Settings that decide the data order or the optimizer (dataset, batch size, seed, ...): recorded in
   * each checkpoint (`extra.settings`), and a resumed run must give the same values.
   */
  readonly settings?: Readonly<Record<string, RunSetting>>;
  /** How an option or setting is named in messages (default: as it is named here, `saveDir`); the CLI passes its flags (`--save`). */
  readonly optionName?: (option: string) => string;
  /** Lines for people (resuming, options replaced) and warnings (checkpoints skipped or kept); default: none. */
  readonly log?: { readonly info?: (line: string) => void; readonly warn?: (line: string) => void };
  /** Stop training on SIGINT and SIGTERM (after the step in progress, saving first); default true. */
  readonly handleSignals?: boolean;
}

/** What a run's live objects are, for {@link TrainCheckpointing.restore} to restore and save them. */
export interface TrainObjects {
  readonly model: Module;
  readonly optimizer: Optimizer;
  /** The training data's random source (a shuffling `DataLoader`): its state makes a resumed epoch replay the same order. */
  readonly trainLoader: RandomSource;
  /** What the model takes (shape, normalisation statistics, class names), recorded for export and prediction. */
  readonly input?: CheckpointInputRecord;
  /** A scheduler callback with state to carry (reduce-on-plateau). */
  readonly scheduler?: { state?: () => unknown; loadState?: (state: never) => void };
}

/** How a checkpointed `fit` ended; see {@link TrainCheckpointing.finish}. */
export interface TrainCheckpointingResult {
  /** Every epoch of the run, the resumed checkpoint's included. */
  readonly epochs: EpochLog[];
  /** Present when a signal stopped training: the signal, where it stopped, and the checkpoint saved there. */
  readonly interrupted?: { readonly signal: 'SIGINT' | 'SIGTERM'; readonly position: TrainingPosition; readonly saved: string };
}

/** Checkpointing for one training run; see {@link prepareTrainCheckpointing}. */
export interface TrainCheckpointing {
  /** Where checkpoints go. */
  readonly saveDir: string;
  /**
   * The optimizer options to build the optimizer with: with `resume`, the
   * checkpoint's where not given again (so a resumed run keeps its momentum),
   * the given ones where they are (each change is logged, applied and
   * recorded in the next checkpoint).
   */
  readonly optimizerOptions: ResumableOptimizerOptions;
  /** Restores a resumed run into `objects` (no-op without `resume`) and prepares saving; call before `fit`. */
  restore(objects: TrainObjects): Promise<void>;
  /** Options to spread into `fit`: `resumeFrom`, `signal` and the checkpoint callback (put it last). */
  fitOptions(): { resumeFrom?: TrainingPosition; signal: AbortSignal; callbacks: Callback[] };
  /** Stops training as SIGINT would (the step in progress finishes and is saved). */
  abort(): void;
  /** After `fit`: stops listening for signals, releases the lock and says how the run ended. */
  finish(history: History): TrainCheckpointingResult;
  /** Stops listening for signals and releases the lock; for runs that end by an error (`finish` does it otherwise). */
  release(): void;
  /** The newest checkpoint directory this run wrote, if any. */
  lastSaved(): string | undefined;
  /** The epochs of the checkpoint resumed (after {@link TrainCheckpointing.restore}; empty without `resume`). */
  history(): readonly EpochLog[];
}

/**
 * Checkpointing of a training run with a save directory, resumable: checks
 * `saveDir`/`resume` before any data is loaded (a resume directory must hold a
 * checkpoint of the same model and settings; a save directory must be
 * writable, must have room for the checkpoints and must not already hold
 * another run's checkpoints unless it is the one being resumed), takes the
 * directory's lock (a second run saving there fails at once), and returns
 * what `fit` needs to restore, save every epoch (and every `saveEvery` steps)
 * and stop cleanly on SIGINT/SIGTERM. Returns undefined when neither
 * `saveDir` nor `resume` is given.
 *
 * @throws InvalidArgumentError or CheckpointError naming the option (through `optionName`) and what is wrong.
 * @example
 * const run = await prepareTrainCheckpointing({ saveDir: 'runs/a', resume: 'runs/a', modelSpec: 'mlp:784-100-10', optimizer: { name: 'adam' } });
 * const model = buildModel('mlp:784-100-10', { rng });
 * const optimizer = adam(model, run?.optimizerOptions);
 * await run?.restore({ model, optimizer, trainLoader });
 * const history = await fit(model, optimizer, { train: trainLoader, epochs: 10, ...run?.fitOptions() });
 * const { interrupted } = run?.finish(history) ?? {};
 */
export async function prepareTrainCheckpointing(options: TrainCheckpointingOptions): Promise<TrainCheckpointing | undefined> {
  const name = options.optionName ?? ((option: string) => option);
  const info = options.log?.info ?? (() => undefined);
  const warn = options.log?.warn ?? (() => undefined);
  if (options.saveDir === undefined && options.resume === undefined) {
    if (options.saveEvery !== undefined) {
      throw new InvalidArgumentError(`${name('saveEvery')} ${options.saveEvery} needs ${name('saveDir')} DIR (or ${name('resume')} DIR) to say where checkpoints go`);
    }
    return undefined;
  }
  const settings = options.settings ?? {};
  const given = options.optimizer.options ?? {};
  let optimizerOptions: ResumableOptimizerOptions = given;
  let resumed: ResumePoint | undefined;
  if (options.resume !== undefined) {
    resumed = await findResumePoint(options.resume, name('resume'), warn);
    // Checkpoints from before `settings` had a name recorded them as `extra.cli`.
    const saved = (resumed.metadata.extra.settings ?? resumed.metadata.extra.cli ?? {}) as Record<string, unknown>;
    if (resumed.metadata.model !== null && resumed.metadata.model !== options.modelSpec) {
      throw new CheckpointError(
        `${name('resume')} ${options.resume}: the checkpoint is of model "${resumed.metadata.model}", not "${options.modelSpec}"; resume with ${name('model')} ${resumed.metadata.model}`,
      );
    }
    for (const [setting, value] of Object.entries(settings)) {
      if (setting in saved && saved[setting] !== value) {
        throw new InvalidArgumentError(
          `${name('resume')} ${options.resume}: the run was started with ${name(setting)} ${JSON.stringify(saved[setting])}, not ${JSON.stringify(value)}; resume with the same ${name(setting)}`,
        );
      }
    }
    optimizerOptions = resumedOptimizerOptions(given, resumed.metadata, name, info);
  }
  const saveDir = options.saveDir ?? (options.resume as string);
  const saveOption = options.saveDir === undefined ? name('resume') : name('saveDir');
  await refuseInsideCheckpoint(saveDir, `${saveOption} ${options.saveDir === undefined ? options.resume : saveDir}`, name('saveDir'));
  // Continuing a run's own directory (the one resumed from) may remove its old checkpoints; any other must hold none.
  const continuing = resumed !== undefined && resolve(saveDir) === resolve(resumed.root);
  const scan = continuing ? (resumed?.scan ?? (await scanSaveDirectory(saveDir, name('saveDir')))) : undefined;
  if (!continuing) await refuseExistingCheckpoints(saveDir, name);
  else if (scan !== undefined) refuseNewerCheckpoints(saveDir, scan, resumed as ResumePoint, name);
  const prune = scan === undefined || scan.allVerified;
  if (!prune) warn(`${saveDir} holds checkpoints that do not verify (above); no checkpoint there will be removed by this run, remove the broken ones yourself`);
  // Created and proven writable now, rather than after the first epoch's work.
  await checkOutputDirectory(name('saveDir'), saveDir);
  // Before any data is loaded: a second run pointed at the same directory refuses now.
  const releaseLock = await lockSaveDirectory(saveDir, { option: name('saveDir'), onCompromised: warn });

  const handleSignals = options.handleSignals ?? true;
  const controller = new AbortController();
  let signalName: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalName ??= signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    controller.abort();
    // One more Ctrl-C falls through to Node's default and ends the process at once: the last complete checkpoint is kept.
    stopListening();
  };
  const stopListening = (): void => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  let position: TrainingPosition | undefined;
  let history: EpochLog[] = [];
  let callback: Callback = {};
  let lastSaved = '';

  return {
    saveDir,
    optimizerOptions,
    async restore(objects) {
      // Before the first step: a disk too full for the checkpoints fails now, not after an epoch's work.
      await checkFreeSpace(saveDir, checkpointBytesNeeded(objects.model.numParameters(), options.keepCheckpoints ?? 2), {
        option: name('saveDir'),
        keepOption: name('keepCheckpoints'),
      }).catch((error: unknown) => {
        releaseLock();
        throw error;
      });
      const states: Record<string, StatefulComponent> =
        objects.scheduler?.state !== undefined && objects.scheduler.loadState !== undefined
          ? { scheduler: { state: objects.scheduler.state, loadState: objects.scheduler.loadState as (state: unknown) => void } }
          : {};
      if (resumed !== undefined) {
        const restored = await restoreCheckpoint(resumed.directory, {
          model: objects.model,
          optimizer: objects.optimizer,
          modelSpec: options.modelSpec,
          optimizerName: options.optimizer.name,
          rngs: { train: objects.trainLoader },
          states,
        });
        position = restored.position;
        history = restored.history;
        // The optimizer's state carries the checkpoint's (maybe scheduled) rate; a new learning rate replaces it and is saved from now on.
        // The same rate as the run started with (as in a repeated command line) keeps the scheduled rate.
        const startedWith = resumed.metadata.optimizer?.options.learningRate;
        if (given.learningRate !== undefined && given.learningRate !== startedWith) objects.optimizer.learningRate = given.learningRate;
        const at = restored.position.batchesDone > 0 ? `, ${restored.position.batchesDone} batches into epoch ${restored.position.epoch + 1}` : '';
        info(`resuming from ${restored.directory} (epoch ${restored.position.epoch}${at}, step ${restored.position.globalStep})`);
      }
      callback = checkpointCallback(saveDir, {
        modelSpec: options.modelSpec,
        optimizerConfig: { name: options.optimizer.name, options: recordedOptions(optimizerOptions) },
        rngs: { train: objects.trainLoader },
        states,
        history,
        extra: () => ({ settings }),
        ...(objects.input === undefined ? {} : { input: objects.input }),
        ...(options.keepCheckpoints === undefined ? {} : { keep: options.keepCheckpoints }),
        prune,
        ...(options.saveEvery === undefined ? {} : { everySteps: options.saveEvery }),
        onSave: (saved) => {
          lastSaved = saved.directory;
        },
      });
      if (handleSignals) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
    },
    fitOptions() {
      return { ...(position === undefined ? {} : { resumeFrom: position }), signal: controller.signal, callbacks: [callback] };
    },
    abort() {
      signalName ??= 'SIGINT';
      controller.abort();
    },
    release() {
      stopListening();
      releaseLock();
    },
    lastSaved: () => lastSaved || undefined,
    history: () => history,
    finish(result) {
      stopListening();
      releaseLock();
      const epochs = [...history, ...result.epochs];
      if (result.interrupted === undefined) return { epochs };
      return { epochs, interrupted: { signal: signalName ?? 'SIGINT', position: result.interrupted, saved: lastSaved || saveDir } };
    },
  };
}

/** The checkpoint a resumed run continues from, and the run directory it belongs to. */
interface ResumePoint {
  /** The checkpoint directory itself. */
  readonly directory: string;
  /** The run directory holding it (where `latest` lives). */
  readonly root: string;
  readonly metadata: CheckpointMetadata;
  /** Every checkpoint of `root`, verified, when `resume` named the root. */
  readonly scan?: CheckpointScan;
}

/**
 * A checkpoint directory is verified and used as it is; a run directory is
 * scanned and the newest checkpoint that verifies is used (`latest` first),
 * with a warning naming each one skipped and why.
 */
async function findResumePoint(path: string, option: string, warn: (line: string) => void): Promise<ResumePoint> {
  if (await exists(join(path, METADATA_FILE))) {
    const { metadata } = await verifyCheckpoint(path).catch((error: unknown) => {
      throw new CheckpointError(`${option} ${path}: ${(error as Error).message}`, { cause: error });
    });
    return { directory: path, root: dirname(path), metadata };
  }
  let scan: CheckpointScan;
  try {
    scan = await scanCheckpoints(path);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`${option}: ${error.message}`, { cause: error });
    throw new CheckpointError(`${option}: ${(error as Error).message}`, { cause: error });
  }
  if (scan.checkpoints.length === 0) {
    throw new NotFoundError(`${option}: no checkpoint in ${path}: expected ${METADATA_FILE}, a "${LATEST_FILE}" file or checkpoint-* directories`);
  }
  const best = scan.best;
  if (best === undefined || best.metadata === undefined) {
    throw new CheckpointError(`${option} ${path}: no checkpoint there verifies: ${scan.checkpoints.map((entry) => `${entry.name}: ${entry.problem}`).join('; ')}`);
  }
  if (scan.latestProblem !== undefined) warn(`${join(path, LATEST_FILE)} is ignored: ${scan.latestProblem}`);
  const skipped = scan.checkpoints.slice(0, scan.checkpoints.indexOf(best));
  for (const entry of skipped) warn(`skipped ${entry.directory}: ${entry.problem}`);
  if (skipped.length > 0) warn(`resuming from ${best.directory}, the newest checkpoint that verifies`);
  return { directory: best.directory, root: path, metadata: best.metadata, scan };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** New checkpoints never go inside a checkpoint directory: the next run would not find them, and would repeat the work. */
async function refuseInsideCheckpoint(saveDir: string, given: string, saveOption: string): Promise<void> {
  for (let dir = resolve(saveDir); ; dir = dirname(dir)) {
    if (await exists(join(dir, METADATA_FILE))) {
      const run = dirname(dir);
      // As the user wrote it: relative paths stay relative.
      const shown = (path: string): string => (isAbsolute(saveDir) ? path : relative(process.cwd(), path) || '.');
      throw new InvalidArgumentError(
        `${given}: ${saveDir} is ${dir === resolve(saveDir) ? 'a checkpoint directory' : `inside the checkpoint directory ${shown(dir)}`} (${basename(dir)}), and new checkpoints cannot be saved inside one; ` +
          `save into its run directory with ${saveOption} ${shown(run)}, or into a new directory with ${saveOption} DIR`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/** A new save directory must hold no checkpoint, readable or not, and must be readable. */
async function refuseExistingCheckpoints(dir: string, name: (option: string) => string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    // A file, or a path through one: checkOutputDirectory says which.
    if (code === 'ENOTDIR') return;
    throw new CheckpointError(`${name('saveDir')} ${dir} cannot be read (${(error as Error).message}); nnlab saves only into a directory it can check for earlier checkpoints`, {
      cause: error,
    });
  }
  if (!entries.some((entry) => entry === LATEST_FILE || entry === METADATA_FILE || /^checkpoint-\d+/.test(entry))) return;
  const existing = await readCheckpointMetadata(dir).catch((error: unknown) => error as Error);
  if (!(existing instanceof Error)) {
    throw new InvalidArgumentError(
      `${name('saveDir')} ${dir} already holds a checkpoint (epoch ${existing.metadata.position.epoch}, step ${existing.metadata.position.globalStep}); ` +
        `continue that run with ${name('resume')} ${dir}, or choose another ${name('saveDir')} directory`,
    );
  }
  throw new CheckpointError(
    `${name('saveDir')} ${dir} already holds checkpoints, and the newest cannot be read (${existing.message}); nothing there was changed: ` +
      `continue from the newest one that verifies with ${name('resume')} ${dir}, or choose another ${name('saveDir')} directory`,
  );
}

/** Reads every checkpoint of a run directory being continued (resuming A/checkpoint-x, saving into A); none yet is fine. */
async function scanSaveDirectory(dir: string, saveOption: string): Promise<CheckpointScan | undefined> {
  try {
    return await scanCheckpoints(dir);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw new CheckpointError(`${saveOption}: ${(error as Error).message}`, { cause: error });
  }
}

/** Continuing from an older checkpoint into a directory with newer good ones would, in time, replace them. */
function refuseNewerCheckpoints(dir: string, scan: CheckpointScan, resumed: ResumePoint, name: (option: string) => string): void {
  const step = resumed.metadata.position.globalStep;
  const newer = scan.checkpoints.find((entry) => entry.metadata !== undefined && entry.metadata.position.globalStep > step);
  if (newer === undefined) return;
  throw new InvalidArgumentError(
    `${name('saveDir')} ${dir} holds ${newer.name}, newer than the checkpoint resumed (step ${step}), which saving there would replace in time; ` +
      `continue the newest with ${name('resume')} ${dir}, or branch off into another directory with ${name('saveDir')} DIR`,
  );
}

const RESUMABLE_OPTIONS = ['learningRate', 'momentum', 'nesterov', 'weightDecay'] as const;

/**
 * With `resume`: each optimizer option not given again comes from the
 * checkpoint (recorded as the optimizer's options), and each given one that
 * differs from it is applied, with a line saying so: nothing is dropped.
 */
function resumedOptimizerOptions(
  given: ResumableOptimizerOptions,
  metadata: CheckpointMetadata,
  name: (option: string) => string,
  info: (line: string) => void,
): ResumableOptimizerOptions {
  const recorded = metadata.optimizer?.options ?? {};
  const options: Record<string, number | boolean> = {};
  for (const key of RESUMABLE_OPTIONS) {
    const value = given[key];
    const saved = recorded[key];
    if (value === undefined || (key === 'nesterov' && value === false)) {
      if (typeof saved === 'number' || typeof saved === 'boolean') options[key] = saved;
    } else {
      options[key] = value;
      if (saved !== value) {
        const before = saved === undefined ? "the optimizer's default" : `the checkpoint's ${String(saved)}`;
        info(`${name(key)} ${String(value)} replaces ${before} from here on (recorded in the next checkpoint)`);
      }
    }
  }
  return options as ResumableOptimizerOptions;
}

/** The optimizer options in use (given, or taken from the resumed checkpoint), recorded for people and for the next resume's defaults. */
function recordedOptions(used: ResumableOptimizerOptions): Record<string, number | boolean> {
  return {
    ...(used.learningRate === undefined ? {} : { learningRate: used.learningRate }),
    ...(used.momentum === undefined ? {} : { momentum: used.momentum }),
    ...(used.nesterov === true ? { nesterov: true } : {}),
    ...(used.weightDecay === undefined ? {} : { weightDecay: used.weightDecay }),
  };
}

import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CheckpointError, InvalidArgumentError, NotFoundError } from '@nnlab/core';
import type { DataLoader } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import { type Callback, type EpochLog, type History, type StatefulComponent, type TrainingPosition } from '@nnlab/trainers';
import { type CheckpointInputRecord, type CheckpointMetadata, LATEST_FILE, METADATA_FILE } from '@nnlab/checkpoint';
import { checkpointCallback, readCheckpointMetadata, restoreCheckpoint, type CheckpointScan, scanCheckpoints, verifyCheckpoint } from '@nnlab/checkpoint/node';
import { ExitRequest } from './exit-request.js';
import type { Output } from './output.js';
import { checkOutputDirectory } from './output-path.js';
import { lockSaveDirectory } from './save-lock.js';
import { checkFreeSpace, checkpointBytesNeeded } from './save-space-check.js';
import type { TrainingRunOptions } from './training-run-options.js';
import { DEFAULT_VALIDATION_SPLIT } from '@nnlab/sweeps';

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
  /** `--validation-split F`: which examples are held out decides the data order, so a resumed run must use the same. */
  readonly validationSplit?: number;
  readonly earlyStopping?: number;
  readonly testEveryEpoch?: boolean;
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
    'validation-split': options.validationSplit ?? DEFAULT_VALIDATION_SPLIT,
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

/** The optimizer flags of `nnlab train`. */
export interface OptimizerFlags {
  readonly lr?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** Checkpointing for one `nnlab train` run; see {@link prepareTrainCheckpointing}. */
export interface TrainCheckpointing {
  /**
   * The optimizer flags to build the optimizer with: with `--resume`, the
   * checkpoint's where not given again (so a resumed run keeps its momentum),
   * the given ones where they are (each change is printed, applied and
   * recorded in the next checkpoint).
   */
  readonly optimizerFlags: OptimizerFlags;
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
  /** The epochs of the checkpoint resumed (after {@link restore}; empty without --resume). */
  history(): readonly EpochLog[];
}

/**
 * Checks `--save`/`--resume` before any data is loaded and returns the
 * checkpointing for the run, or undefined when neither was given: a resume
 * directory must hold a checkpoint of the same model and data settings; a
 * save directory must be writable and must not already hold another run's
 * checkpoints (unless it is the one being resumed).
 */
export async function prepareTrainCheckpointing(given: CheckpointingOptions, modelText: string, output: Output): Promise<TrainCheckpointing | undefined> {
  let options = given;
  if (options.save === undefined && options.resume === undefined) {
    if (options.saveEvery !== undefined) throw new InvalidArgumentError(`--save-every ${options.saveEvery} needs --save DIR (or --resume DIR) to say where checkpoints go`);
    return undefined;
  }
  const settings = runSettings(options, modelText);
  let resumed: ResumePoint | undefined;
  if (options.resume !== undefined) {
    resumed = await findResumePoint(options.resume, output);
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
    options = { ...options, ...resumedOptimizerFlags(options, resumed.metadata, output) };
  }
  const optimizerFlags: OptimizerFlags = {
    ...(options.lr === undefined ? {} : { lr: options.lr }),
    ...(options.momentum === undefined ? {} : { momentum: options.momentum }),
    ...(options.nesterov === undefined ? {} : { nesterov: options.nesterov }),
    ...(options.weightDecay === undefined ? {} : { weightDecay: options.weightDecay }),
  };
  const saveDir = options.save ?? (options.resume as string);
  await refuseInsideCheckpoint(saveDir, options.save === undefined ? `--resume ${options.resume}` : `--save ${saveDir}`);
  // Continuing a run's own directory (the one resumed from) may remove its old checkpoints; any other must hold none.
  const continuing = resumed !== undefined && resolve(saveDir) === resolve(resumed.root);
  const scan = continuing ? (resumed?.scan ?? (await scanSaveDirectory(saveDir))) : undefined;
  if (!continuing) await refuseExistingCheckpoints(saveDir);
  else if (scan !== undefined) refuseNewerCheckpoints(saveDir, scan, resumed as ResumePoint);
  const prune = scan === undefined || scan.allVerified;
  if (!prune) output.stderr.write(`nnlab: warning: ${saveDir} holds checkpoints that do not verify (above); no checkpoint there will be removed by this run, remove the broken ones yourself\n`);
  // Created and proven writable now, rather than after the first epoch's work.
  await checkOutputDirectory('--save', saveDir);
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
    optimizerFlags,
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
        const restored = await restoreCheckpoint((resumed as ResumePoint).directory, {
          model: objects.model,
          optimizer: objects.optimizer,
          modelSpec: modelText,
          optimizerName: options.optimizer,
          rngs: { train: objects.trainLoader },
          states,
        });
        position = restored.position;
        history = restored.history;
        // The optimizer's state carries the checkpoint's (maybe scheduled) rate; a new --lr replaces it and is saved from now on.
        // The same --lr as the run started with (as in the printed resume command) keeps the scheduled rate.
        const startedWith = resumed?.metadata.optimizer?.options.learningRate;
        if (given.lr !== undefined && given.lr !== startedWith) objects.optimizer.learningRate = given.lr;
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
        prune,
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
    history: () => history,
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

/** The checkpoint a `--resume` continues from, and the run directory it belongs to. */
interface ResumePoint {
  /** The checkpoint directory itself. */
  readonly directory: string;
  /** The run directory holding it (where `latest` lives). */
  readonly root: string;
  readonly metadata: CheckpointMetadata;
  /** Every checkpoint of `root`, verified, when `--resume` named the root. */
  readonly scan?: CheckpointScan;
}

/**
 * `--resume PATH`: a checkpoint directory is verified and used as it is; a
 * run directory is scanned and the newest checkpoint that verifies is used
 * (`latest` first), with a warning naming each one skipped and why.
 */
async function findResumePoint(path: string, output: Output): Promise<ResumePoint> {
  if (await exists(join(path, METADATA_FILE))) {
    const { metadata } = await verifyCheckpoint(path).catch((error: unknown) => {
      throw new CheckpointError(`--resume ${path}: ${(error as Error).message}`, { cause: error });
    });
    return { directory: path, root: dirname(path), metadata };
  }
  let scan: CheckpointScan;
  try {
    scan = await scanCheckpoints(path);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`--resume: ${error.message}`, { cause: error });
    throw new CheckpointError(`--resume: ${(error as Error).message}`, { cause: error });
  }
  if (scan.checkpoints.length === 0) {
    throw new NotFoundError(`--resume: no checkpoint in ${path}: expected ${METADATA_FILE}, a "${LATEST_FILE}" file or checkpoint-* directories`);
  }
  const best = scan.best;
  if (best === undefined || best.metadata === undefined) {
    throw new CheckpointError(`--resume ${path}: no checkpoint there verifies: ${scan.checkpoints.map((entry) => `${entry.name}: ${entry.problem}`).join('; ')}`);
  }
  if (scan.latestProblem !== undefined) output.stderr.write(`nnlab: warning: ${join(path, LATEST_FILE)} is ignored: ${scan.latestProblem}\n`);
  const skipped = scan.checkpoints.slice(0, scan.checkpoints.indexOf(best));
  for (const entry of skipped) output.stderr.write(`nnlab: warning: skipped ${entry.directory}: ${entry.problem}\n`);
  if (skipped.length > 0) output.stderr.write(`nnlab: warning: resuming from ${best.directory}, the newest checkpoint that verifies\n`);
  return { directory: best.directory, root: path, metadata: best.metadata, scan };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** New checkpoints never go inside a checkpoint directory: the next run would not find them, and would repeat the work. */
async function refuseInsideCheckpoint(saveDir: string, flag: string): Promise<void> {
  for (let dir = resolve(saveDir); ; dir = dirname(dir)) {
    if (await exists(join(dir, METADATA_FILE))) {
      const run = dirname(dir);
      // As the user wrote it: relative paths stay relative.
      const shown = (path: string): string => (isAbsolute(saveDir) ? path : relative(process.cwd(), path) || '.');
      throw new InvalidArgumentError(
        `${flag}: ${saveDir} is ${dir === resolve(saveDir) ? 'a checkpoint directory' : `inside the checkpoint directory ${shown(dir)}`} (${basename(dir)}), and new checkpoints cannot be saved inside one; ` +
          `save into its run directory with --save ${shown(run)}, or into a new directory with --save DIR`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/** A new `--save` directory must hold no checkpoint, readable or not, and must be readable. */
async function refuseExistingCheckpoints(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    // A file, or a path through one: checkOutputDirectory says which.
    if (code === 'ENOTDIR') return;
    throw new CheckpointError(`--save ${dir} cannot be read (${(error as Error).message}); nnlab saves only into a directory it can check for earlier checkpoints`, { cause: error });
  }
  if (!entries.some((name) => name === LATEST_FILE || name === METADATA_FILE || /^checkpoint-\d+/.test(name))) return;
  const existing = await readCheckpointMetadata(dir).catch((error: unknown) => error as Error);
  if (!(existing instanceof Error)) {
    throw new InvalidArgumentError(
      `--save ${dir} already holds a checkpoint (epoch ${existing.metadata.position.epoch}, step ${existing.metadata.position.globalStep}); ` +
        `continue that run with --resume ${dir}, or choose another --save directory`,
    );
  }
  throw new CheckpointError(
    `--save ${dir} already holds checkpoints, and the newest cannot be read (${existing.message}); nothing there was changed: ` +
      `continue from the newest one that verifies with --resume ${dir}, or choose another --save directory`,
  );
}

/** Reads every checkpoint of a run directory being continued (`--resume A/checkpoint-x --save A`); none yet is fine. */
async function scanSaveDirectory(dir: string): Promise<CheckpointScan | undefined> {
  try {
    return await scanCheckpoints(dir);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw new CheckpointError(`--save: ${(error as Error).message}`, { cause: error });
  }
}

/** Continuing from an older checkpoint into a directory with newer good ones would, in time, replace them. */
function refuseNewerCheckpoints(dir: string, scan: CheckpointScan, resumed: ResumePoint): void {
  const step = resumed.metadata.position.globalStep;
  const newer = scan.checkpoints.find((entry) => entry.metadata !== undefined && entry.metadata.position.globalStep > step);
  if (newer === undefined) return;
  throw new InvalidArgumentError(
    `--save ${dir} holds ${newer.name}, newer than the checkpoint resumed (step ${step}), which saving there would replace in time; ` +
      `continue the newest with --resume ${dir}, or branch off into another directory with --save DIR`,
  );
}

const FLAG_OPTIONS = [
  ['lr', 'learningRate'],
  ['momentum', 'momentum'],
  ['nesterov', 'nesterov'],
  ['weightDecay', 'weightDecay'],
] as const;

/**
 * With `--resume`: each optimizer flag not given again comes from the
 * checkpoint (recorded as the optimizer's options), and each given one that
 * differs from it is applied, with a line saying so: nothing is dropped.
 */
function resumedOptimizerFlags(options: CheckpointingOptions, metadata: CheckpointMetadata, output: Output): OptimizerFlags {
  const recorded = metadata.optimizer?.options ?? {};
  const flags: Record<string, number | boolean> = {};
  for (const [flag, key] of FLAG_OPTIONS) {
    const value = options[flag];
    const saved = recorded[key];
    const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === undefined || (flag === 'nesterov' && value === false)) {
      if (typeof saved === 'number' || typeof saved === 'boolean') flags[flag] = saved;
    } else if (saved !== value) {
      const before = saved === undefined ? "the optimizer's default" : `the checkpoint's ${String(saved)}`;
      output.stdout.write(`${name} ${String(value)} replaces ${before} from here on (recorded in the next checkpoint)\n`);
    }
  }
  return flags as OptimizerFlags;
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
  parts.push(`--validation-split ${options.validationSplit ?? DEFAULT_VALIDATION_SPLIT}`);
  if (options.lr !== undefined) parts.push(`--lr ${options.lr}`);
  if (options.momentum !== undefined) parts.push(`--momentum ${options.momentum}`);
  if (options.nesterov === true) parts.push('--nesterov');
  if (options.weightDecay !== undefined) parts.push(`--weight-decay ${options.weightDecay}`);
  if (!options.normalize) parts.push('--no-normalize');
  if (options.scheduler !== undefined) parts.push(`--scheduler ${quote(options.scheduler)}`);
  if (options.augment === true) parts.push('--augment');
  if (options.limit !== undefined) parts.push(`--limit ${options.limit}`);
  if (options.earlyStopping !== undefined) parts.push(`--early-stopping ${options.earlyStopping}`);
  if (options.testEveryEpoch === true) parts.push('--test-every-epoch');
  if (options.keepCheckpoints !== undefined) parts.push(`--keep-checkpoints ${options.keepCheckpoints}`);
  if (options.saveEvery !== undefined) parts.push(`--save-every ${options.saveEvery}`);
  parts.push(`--resume ${quote(dir)}`);
  return parts.join(' ');
}

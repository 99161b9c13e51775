import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { assertInteger, CheckpointError, InvalidArgumentError, type RngState } from '@nnlab/core';
import { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import type { TrainingPosition } from '../training-position.js';
import type { EpochLog } from '../types.js';
import { type CheckpointFileSystem, nodeCheckpointFileSystem } from './checkpoint-file-system.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, type CheckpointInputRecord, type CheckpointMetadata, type CheckpointOptimizerRecord } from './checkpoint-metadata.js';
import { checkpointName, LATEST_FILE, METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE, scratchName, sortCheckpointNames } from './checkpoint-names.js';
import { encodeSafetensors } from './encode-safetensors.js';
import { pruneCheckpoints } from './prune-checkpoints.js';
import { isRandomSource, type RandomSource, randomState, type StatefulComponent } from './random-source.js';
import { toSafetensorsTensor } from './tensor-codec.js';
import { toTorchStateDict } from './torch-state-dict.js';

/** This package's version, read when saving (not at import: the package also loads in browsers, where this cannot run). */
function nnlabVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions {
  readonly model: Module;
  readonly optimizer?: Optimizer;
  /** Epochs completed (shorthand for `position` at an epoch boundary, with `step`). */
  readonly epoch?: number;
  /** Global step (shorthand, with `epoch`). */
  readonly step?: number;
  /** Full position, including a partly done epoch (what `fit` reports on interruption). */
  readonly position?: TrainingPosition;
  /** The model string, checked on restore so a checkpoint never loads into another architecture silently. */
  readonly modelSpec?: string;
  /** How the optimizer was built, recorded for people and checked on restore. */
  readonly optimizerConfig?: { readonly name: string; readonly options?: Record<string, unknown> };
  /** Random sources to save by name (`{ shuffle: trainLoader }`); the model's own generators are saved automatically. */
  readonly rngs?: Readonly<Record<string, RandomSource>>;
  /** Stateful callbacks to save by name (`{ plateau }`). */
  readonly states?: Readonly<Record<string, StatefulComponent>>;
  /** Epoch logs so far. */
  readonly history?: readonly EpochLog[];
  /** Any other JSON-safe data to keep. */
  readonly extra?: Record<string, unknown>;
  /** What the model takes (input shape, training's normalisation, class names), for export and prediction. */
  readonly input?: CheckpointInputRecord;
  /** Checkpoints to keep in the directory, newest first (default 2, at least 1). */
  readonly keep?: number;
  /**
   * False: remove no checkpoint at all, not even older revisions of this
   * step (default true). For a directory holding checkpoints that did not
   * verify: nothing a user saved is removed on the strength of a directory
   * that could not be read.
   */
  readonly prune?: boolean;
  /** File operations (tests inject faults here); default the real file system with fsync. */
  readonly fileSystem?: CheckpointFileSystem;
}

/** Where {@link saveCheckpoint} wrote. */
export interface SavedCheckpoint {
  /** The new checkpoint directory (`DIR/checkpoint-00000250`). */
  readonly directory: string;
  readonly position: TrainingPosition;
}

/** Temp directories of saves in progress in this process (so cleanup never removes one). */
const inProgress = new Set<string>();

/**
 * Saves a checkpoint under the root directory `dir`, atomically and durably:
 * the three files (`model.safetensors`, `optimizer.safetensors`,
 * `checkpoint.json`) are written and fsynced in a fresh hidden temp directory
 * which is then renamed to `checkpoint-<step>` (directory fsynced), and only
 * then is the `latest` pointer file atomically replaced (temp file, fsync,
 * rename, fsync). A crash, Ctrl-C or full disk at any moment leaves the
 * previous checkpoint complete and named by `latest`. Afterwards all but the
 * newest `keep` checkpoints (default 2) and scratch directories of dead
 * processes are removed.
 *
 * The model is stored with PyTorch's names and axis order (PyTorch loads it
 * with `load_state_dict`), the optimizer state in nnlab's; the JSON holds the
 * position, optimizer step and learning rate, random states (given `rngs`
 * and every `model.namedRngs()` generator), callback `states`, history,
 * `extra`, and each tensor file's size and SHA-256.
 *
 * @throws CheckpointError when writing fails (saying the previous checkpoint is kept); InvalidArgumentError for bad options.
 * @example
 * await saveCheckpoint('runs/mnist', { model, optimizer, epoch: 3, step: 375, rngs: { shuffle: trainLoader }, history: history.epochs });
 */
export async function saveCheckpoint(dir: string, options: SaveCheckpointOptions): Promise<SavedCheckpoint> {
  if (typeof dir !== 'string' || dir === '') throw new InvalidArgumentError(`checkpoint directory must be a non-empty path, got ${JSON.stringify(dir)}`);
  const { model, optimizer } = options ?? ({} as SaveCheckpointOptions);
  if (!(model instanceof Module)) throw new InvalidArgumentError('saveCheckpoint: options.model must be a Module');
  const position = resolvePosition(options);
  const keep = assertInteger('keep', options.keep ?? 2, 1);
  const fs = options.fileSystem ?? nodeCheckpointFileSystem;
  for (const [name, source] of Object.entries(options.rngs ?? {})) {
    if (!isRandomSource(source)) throw new InvalidArgumentError(`saveCheckpoint: rngs.${name} must be an Rng or have getRngState/setRngState`);
  }

  const [modelBytes, optimizerState] = await Promise.all([encodeModel(model), encodeOptimizer(optimizer)]);
  const optimizerBytes = optimizerState?.bytes ?? encodeSafetensors([]);
  const metadata: CheckpointMetadata = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    nnlabVersion: nnlabVersion(),
    createdAt: new Date().toISOString(),
    model: options.modelSpec ?? null,
    position,
    optimizer: optimizerState === undefined ? null : { ...optimizerState.record, name: options.optimizerConfig?.name ?? null, options: options.optimizerConfig?.options ?? {} },
    rngs: Object.fromEntries(Object.entries(options.rngs ?? {}).map(([name, source]) => [name, randomState(source)])),
    moduleRngs: Object.fromEntries(model.namedRngs().map(([name, rng]) => [name, rng.getState()])) as Record<string, RngState>,
    states: Object.fromEntries(Object.entries(options.states ?? {}).map(([name, component]) => [name, component.state()])),
    extra: options.extra ?? {},
    ...(options.input === undefined ? {} : { input: options.input }),
    history: [...(options.history ?? [])],
    tensorLayout: { model: 'pytorch', optimizer: 'nnlab' },
    files: { [MODEL_FILE]: fileRecord(modelBytes), [OPTIMIZER_FILE]: fileRecord(optimizerBytes) },
  };
  const files: Array<[string, Uint8Array]> = [
    [MODEL_FILE, modelBytes],
    [OPTIMIZER_FILE, optimizerBytes],
    [METADATA_FILE, new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`)],
  ];

  let name = '';
  // What a failed save leaves as the newest checkpoint, to name it in the error (undefined: not known).
  let previous: string | null | undefined;
  try {
    await fs.mkdir(dir);
    const checkpoints = sortCheckpointNames(await fs.readdir(dir));
    previous = checkpoints.at(-1)?.name ?? null;
    const existing = checkpoints.filter((entry) => entry.step === position.globalStep);
    name = checkpointName(position.globalStep, existing.length === 0 ? 0 : Math.max(...existing.map((e) => e.revision)) + 1);
    await writeDirectoryAtomically(fs, dir, name, files);
    await writeFileAtomically(fs, dir, LATEST_FILE, new TextEncoder().encode(`${name}\n`));
  } catch (error) {
    const kept = previous === undefined ? 'the previous checkpoint (if any) is kept' : previous === null ? 'there is no earlier checkpoint' : `the previous checkpoint ${join(dir, previous)} is kept`;
    throw new CheckpointError(`could not save checkpoint ${name === '' ? '' : `${name} `}in ${dir}: ${(error as Error).message}; ${kept}`, { cause: error });
  }
  await pruneCheckpoints(fs, dir, name, options.prune === false ? Number.POSITIVE_INFINITY : keep, inProgress);
  return { directory: join(dir, name), position };
}

function resolvePosition(options: SaveCheckpointOptions): TrainingPosition {
  if (options.position !== undefined) {
    if (options.epoch !== undefined || options.step !== undefined) {
      throw new InvalidArgumentError('saveCheckpoint: give either position or epoch and step, not both');
    }
    const { epoch, batchesDone, globalStep, partialEpoch } = options.position;
    assertInteger('position.epoch', epoch, 0);
    assertInteger('position.batchesDone', batchesDone, 0);
    assertInteger('position.globalStep', globalStep, 0);
    return { epoch, batchesDone, globalStep, ...(partialEpoch === undefined ? {} : { partialEpoch: { ...partialEpoch } }) };
  }
  return { epoch: assertInteger('epoch', options.epoch, 0), batchesDone: 0, globalStep: assertInteger('step', options.step, 0) };
}

async function encodeModel(model: Module): Promise<Uint8Array> {
  const entries = toTorchStateDict(model);
  try {
    const tensors = await Promise.all(entries.map(async ([name, tensor]) => [name, await toSafetensorsTensor(name, tensor)] as const));
    return encodeSafetensors(tensors, { format: 'pt' });
  } finally {
    for (const [, tensor] of entries) tensor.dispose();
  }
}

async function encodeOptimizer(optimizer: Optimizer | undefined): Promise<{ bytes: Uint8Array; record: Omit<CheckpointOptimizerRecord, 'name' | 'options'> } | undefined> {
  if (optimizer === undefined) return undefined;
  const dict = optimizer.stateDict();
  const tensors: Array<[string, tf.Tensor]> = [];
  const scalars: Record<string, number> = {};
  for (const [key, value] of Object.entries(dict.state)) {
    if (typeof value === 'number') scalars[key] = value;
    else tensors.push([key, value]);
  }
  try {
    const entries = await Promise.all(tensors.map(async ([name, tensor]) => [name, await toSafetensorsTensor(name, tensor)] as const));
    return { bytes: encodeSafetensors(entries), record: { step: dict.step, learningRate: dict.learningRate ?? null, scalars } };
  } finally {
    for (const [, tensor] of tensors) tensor.dispose();
  }
}

function fileRecord(bytes: Uint8Array): { bytes: number; sha256: string } {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes `files` into a fresh hidden directory, fsyncs everything, then renames it to `dir/name`. */
async function writeDirectoryAtomically(fs: CheckpointFileSystem, dir: string, name: string, files: ReadonlyArray<[string, Uint8Array]>): Promise<void> {
  const temp = join(dir, scratchName('tmp', name));
  inProgress.add(temp);
  try {
    await fs.mkdir(temp);
    for (const [file, bytes] of files) await fs.writeFile(join(temp, file), bytes);
    await fs.syncDirectory(temp);
    await fs.rename(temp, join(dir, name));
    await fs.syncDirectory(dir);
  } catch (error) {
    await fs.remove(temp).catch(() => undefined);
    throw error;
  } finally {
    inProgress.delete(temp);
  }
}

/** Replaces `dir/name` atomically: temp file, fsync, rename over, fsync of the directory. */
async function writeFileAtomically(fs: CheckpointFileSystem, dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dir, scratchName('tmp', name));
  inProgress.add(temp);
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, join(dir, name));
    await fs.syncDirectory(dir);
  } catch (error) {
    await fs.remove(temp).catch(() => undefined);
    throw error;
  } finally {
    inProgress.delete(temp);
  }
}

import { CheckpointError, type RngState } from '@nnlab/core';
import type { EpochLog, TrainingPosition } from '@nnlab/trainers';
import { MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-names.js';

/** The `format` field of every nnlab `checkpoint.json`. */
export const CHECKPOINT_FORMAT = 'nnlab-checkpoint';
/** The layout version this nnlab writes and reads; loading refuses any other. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** Size and SHA-256 of one tensor file, checked before the file is decoded. */
export interface CheckpointFileRecord {
  readonly bytes: number;
  /** Lower-case hex SHA-256 of the whole file. */
  readonly sha256: string;
}

/** What a checkpoint records of the optimizer besides its tensors (which are in `optimizer.safetensors`). */
export interface CheckpointOptimizerRecord {
  /** Name it was built by (`adam`, `sgd`, ...), when the saver knew it. */
  readonly name: string | null;
  /** Options it was built with (learning rate, momentum, ...), for people and for rebuilding it. */
  readonly options: Record<string, unknown>;
  /** Steps taken (drives bias corrections and per-step schedules). */
  readonly step: number;
  /** The numeric learning rate, or null when it was a schedule (code is not saved). */
  readonly learningRate: number | null;
  /** Numeric (non-tensor) state entries. */
  readonly scalars: Record<string, number>;
}

/**
 * What the checkpointed model takes, so that exporting it or predicting with
 * it reproduces training's preprocessing. Written by nnlab 0.2 and later;
 * older checkpoints have no `input` record.
 */
export interface CheckpointInputRecord {
  /** One example without the batch axis, channels last (`[28, 28, 1]`). */
  readonly shape: readonly number[];
  /**
   * Per-channel statistics the training pixels (in [0, 1]) were normalised
   * with, `(x - mean[c]) / std[c]`, or null when training used raw pixels.
   */
  readonly normalization: { readonly mean: readonly number[]; readonly std: readonly number[] } | null;
  /** Class names in output order, when the dataset has them. */
  readonly classNames?: readonly string[];
  /** The dataset's name (`mnist`, `folder:photos`), for people. */
  readonly dataset?: string;
}

/**
 * The contents of `checkpoint.json`: everything of a checkpoint except the
 * tensors. Plain JSON; unknown extra fields are ignored when loading, so
 * adding fields does not need a new format version.
 */
export interface CheckpointMetadata {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly formatVersion: number;
  /** Version of `@nnlab/checkpoint` that wrote it. */
  readonly nnlabVersion: string;
  /** ISO 8601 time of the save. */
  readonly createdAt: string;
  /** The model string (`mlp:784-300-10`), when the saver knew it. */
  readonly model: string | null;
  /** Epochs completed, batches into the next, global step (and the unfinished epoch's totals). */
  readonly position: TrainingPosition;
  readonly optimizer: CheckpointOptimizerRecord | null;
  /** States of the caller's random sources (`Rng` or `DataLoader`), by the names they were given. */
  readonly rngs: Record<string, unknown>;
  /** States of the model's own generators (dropout), by `model.namedRngs()` name. */
  readonly moduleRngs: Record<string, RngState>;
  /** `state()` of stateful callbacks such as `reduceLROnPlateau`, by name. */
  readonly states: Record<string, unknown>;
  /** Anything else the caller wanted kept. */
  readonly extra: Record<string, unknown>;
  /** What the model takes (shape, normalisation, class names); absent in checkpoints older than nnlab 0.2. */
  readonly input?: CheckpointInputRecord;
  /** Epoch logs so far (NaN is written as null). */
  readonly history: EpochLog[];
  /** How tensors are laid out: model in PyTorch's names and axis order, optimizer in nnlab's. */
  readonly tensorLayout: { readonly model: 'pytorch'; readonly optimizer: 'nnlab' };
  readonly files: Readonly<Record<typeof MODEL_FILE | typeof OPTIMIZER_FILE, CheckpointFileRecord>>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Parses and checks `checkpoint.json` text: the format name and version
 * first (a newer format is refused with a message saying so), then the type
 * of every field nnlab reads.
 *
 * @param source the file's path, for messages
 * @throws CheckpointError naming `source` and the field that is wrong.
 * @example
 * const metadata = parseCheckpointMetadata(await readFile(path, 'utf8'), path);
 */
export function parseCheckpointMetadata(text: string, source: string): CheckpointMetadata {
  const fail = (message: string): never => {
    throw new CheckpointError(`${source}: ${message}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message}); the checkpoint metadata is corrupt`);
  }
  if (!isObject(value)) return fail('expected a JSON object');
  if (value.format !== CHECKPOINT_FORMAT) fail(`format is ${JSON.stringify(value.format)}, expected "${CHECKPOINT_FORMAT}"; not an nnlab checkpoint`);
  if (value.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    const newer = typeof value.formatVersion === 'number' && value.formatVersion > CHECKPOINT_FORMAT_VERSION;
    fail(
      `format version ${JSON.stringify(value.formatVersion)} is not supported; this nnlab reads version ${CHECKPOINT_FORMAT_VERSION}` +
        (newer ? ' (the checkpoint was written by a newer nnlab: upgrade @nnlab/checkpoint)' : ''),
    );
  }
  checkPosition(value.position, fail);
  if (value.model !== null && typeof value.model !== 'string') fail('"model" must be a string or null');
  if (value.optimizer !== null) checkOptimizer(value.optimizer, fail);
  for (const key of ['rngs', 'moduleRngs', 'states', 'extra'] as const) {
    if (!isObject(value[key])) fail(`"${key}" must be an object`);
  }
  if (value.input !== undefined) checkInput(value.input, fail);
  if (!Array.isArray(value.history) || value.history.some((log) => !isObject(log) || !isCount(log.epoch))) {
    fail('"history" must be a list of epoch logs with integer "epoch"');
  }
  if (!isObject(value.files)) return fail('"files" must be an object');
  for (const file of [MODEL_FILE, OPTIMIZER_FILE]) {
    const record = value.files[file];
    if (!isObject(record) || !isCount(record.bytes) || typeof record.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(record.sha256)) {
      fail(`"files" must record { bytes, sha256 } for ${file}`);
    }
  }
  return value as unknown as CheckpointMetadata;
}

function checkPosition(position: unknown, fail: (message: string) => never): void {
  if (!isObject(position) || !isCount(position.epoch) || !isCount(position.batchesDone) || !isCount(position.globalStep)) {
    fail('"position" must be { epoch, batchesDone, globalStep } with integers >= 0');
  }
  const partial = (position as Record<string, unknown>).partialEpoch;
  if (partial === undefined) return;
  const fields = ['lossSum', 'correct', 'count', 'seconds'];
  if (!isObject(partial) || fields.some((key) => typeof partial[key] !== 'number' || !Number.isFinite(partial[key]) || (partial[key] as number) < 0)) {
    fail(`"position.partialEpoch" must hold finite numbers >= 0 for ${fields.join(', ')}`);
  }
}

function checkOptimizer(optimizer: unknown, fail: (message: string) => never): void {
  if (!isObject(optimizer)) return fail('"optimizer" must be an object or null');
  if (optimizer.name !== null && typeof optimizer.name !== 'string') fail('"optimizer.name" must be a string or null');
  if (!isObject(optimizer.options)) fail('"optimizer.options" must be an object');
  if (!isCount(optimizer.step)) fail('"optimizer.step" must be an integer >= 0');
  const rate = optimizer.learningRate;
  if (rate !== null && (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0)) fail('"optimizer.learningRate" must be a number >= 0 or null');
  const scalars = optimizer.scalars;
  if (!isObject(scalars) || Object.values(scalars).some((v) => typeof v !== 'number')) fail('"optimizer.scalars" must be an object of numbers');
}

function checkInput(input: unknown, fail: (message: string) => never): void {
  const isNumbers = (list: unknown, check: (n: number) => boolean): boolean => Array.isArray(list) && list.length > 0 && list.every((n) => typeof n === 'number' && check(n));
  if (!isObject(input)) return fail('"input" must be an object');
  if (!isNumbers(input.shape, (n) => Number.isSafeInteger(n) && n > 0)) fail('"input.shape" must be a list of positive integers');
  const normalization = input.normalization;
  if (normalization !== null) {
    if (!isObject(normalization) || !isNumbers(normalization.mean, Number.isFinite) || !isNumbers(normalization.std, (n) => Number.isFinite(n) && n > 0)) {
      fail('"input.normalization" must be null or { mean, std } lists of finite numbers (std > 0)');
    }
  }
  if (input.classNames !== undefined && (!Array.isArray(input.classNames) || input.classNames.some((name) => typeof name !== 'string'))) {
    fail('"input.classNames" must be a list of strings');
  }
  if (input.dataset !== undefined && typeof input.dataset !== 'string') fail('"input.dataset" must be a string');
}

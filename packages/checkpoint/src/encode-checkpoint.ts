import type * as tf from '@tensorflow/tfjs-core';
import { assertInteger, InvalidArgumentError, type RngState } from '@nnlab/core';
import { Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import { type EpochLog, isRandomSource, type RandomSource, randomState, type StatefulComponent, type TrainingPosition } from '@nnlab/trainers';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, type CheckpointInputRecord, type CheckpointMetadata, type CheckpointOptimizerRecord } from './checkpoint-metadata.js';
import { METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-names.js';
import { encodeSafetensors } from './encode-safetensors.js';
import { NNLAB_VERSION } from './nnlab-version.js';
import { sha256Hex } from './sha256-hex.js';
import { toSafetensorsTensor } from './tensor-codec.js';
import { toTorchStateDict } from './torch-state-dict.js';

/** The files of one checkpoint by name (`model.safetensors`, `optimizer.safetensors`, `checkpoint.json`): what every checkpoint store keeps. */
export type CheckpointFiles = Readonly<Record<string, Uint8Array>>;

/** What goes into a checkpoint: options of {@link encodeCheckpoint} (and of `saveCheckpoint`). */
export interface EncodeCheckpointOptions {
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
}

/** A checkpoint encoded by {@link encodeCheckpoint}. */
export interface EncodedCheckpoint {
  readonly files: CheckpointFiles;
  readonly metadata: CheckpointMetadata;
  readonly position: TrainingPosition;
}

/**
 * Encodes a checkpoint into its three files, in memory, in Node or a browser:
 * `model.safetensors` (parameters and buffers with PyTorch's names and axis
 * order, so PyTorch loads it with `load_state_dict`), `optimizer.safetensors`
 * (optimizer state in nnlab's names) and `checkpoint.json` (position,
 * optimizer step and learning rate, random states of `rngs` and of every
 * `model.namedRngs()` generator, callback `states`, history, `extra`, and
 * each tensor file's size and SHA-256). Where they go is a store's job:
 * `saveCheckpoint` (a directory, in Node), `saveCheckpointTo` (any
 * `CheckpointStore`, e.g. IndexedDB in a page).
 *
 * @throws InvalidArgumentError for bad options.
 * @example
 * const { files } = await encodeCheckpoint({ model, optimizer, epoch: 3, step: 375 });
 * files['model.safetensors']; // Uint8Array
 */
export async function encodeCheckpoint(options: EncodeCheckpointOptions): Promise<EncodedCheckpoint> {
  const { model, optimizer } = options ?? ({} as EncodeCheckpointOptions);
  if (!(model instanceof Module)) throw new InvalidArgumentError('saveCheckpoint: options.model must be a Module');
  const position = resolvePosition(options);
  for (const [name, source] of Object.entries(options.rngs ?? {})) {
    if (!isRandomSource(source)) throw new InvalidArgumentError(`saveCheckpoint: rngs.${name} must be an Rng or have getRngState/setRngState`);
  }
  const [modelBytes, optimizerState] = await Promise.all([encodeModel(model), encodeOptimizer(optimizer)]);
  const optimizerBytes = optimizerState?.bytes ?? encodeSafetensors([]);
  const metadata: CheckpointMetadata = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    nnlabVersion: NNLAB_VERSION,
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
    files: { [MODEL_FILE]: await fileRecord(modelBytes), [OPTIMIZER_FILE]: await fileRecord(optimizerBytes) },
  };
  const files = {
    [MODEL_FILE]: modelBytes,
    [OPTIMIZER_FILE]: optimizerBytes,
    [METADATA_FILE]: new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`),
  };
  return { files, metadata, position };
}

function resolvePosition(options: EncodeCheckpointOptions): TrainingPosition {
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

async function fileRecord(bytes: Uint8Array): Promise<{ bytes: number; sha256: string }> {
  return { bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

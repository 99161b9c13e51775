import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, InvalidArgumentError } from '@nnlab/core';
import { Module } from '@nnlab/layers';
import type { Optimizer, OptimizerStateDict } from '@nnlab/optimizers';
import { type EpochLog, type RandomSource, randomState, setRandomState, type StatefulComponent, type TrainingPosition } from '@nnlab/trainers';
import type { CheckpointMetadata } from './checkpoint-metadata.js';
import { OPTIMIZER_FILE, METADATA_FILE, MODEL_FILE } from './checkpoint-names.js';
import { type LoadedCheckpoint, nonFiniteError } from './decode-checkpoint.js';
import { fromTorchStateDict } from './torch-state-dict.js';

/** Options of {@link applyCheckpoint} and `restoreCheckpoint`: the live objects to load a checkpoint into. */
export interface RestoreCheckpointOptions {
  readonly model: Module;
  /** Restored when given (the checkpoint must then hold optimizer state for the same parameters). */
  readonly optimizer?: Optimizer;
  /** The model string of `model`; refused when the checkpoint records another. */
  readonly modelSpec?: string;
  /** The optimizer's name (`adam`, ...); refused when the checkpoint records another. */
  readonly optimizerName?: string;
  /** Random sources to restore, by the names they were saved under. */
  readonly rngs?: Readonly<Record<string, RandomSource>>;
  /** Stateful callbacks to restore, by the names they were saved under. */
  readonly states?: Readonly<Record<string, StatefulComponent>>;
}

/** What {@link applyCheckpoint} restored from. */
export interface RestoredCheckpoint {
  /** The checkpoint directory read (or a store's name for the checkpoint). */
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
  /** Where to continue: pass it to `fit` as `resumeFrom`. */
  readonly position: TrainingPosition;
  /** Epoch logs up to the checkpoint. */
  readonly history: EpochLog[];
}

/**
 * Loads a decoded checkpoint (from `loadCheckpoint`, {@link decodeCheckpoint}
 * or a store) into live objects: model parameters and buffers (converted from
 * PyTorch layout), optimizer state, step and learning rate, the model's
 * dropout generators, the given random sources and stateful callbacks.
 * Everything is checked before anything is changed, so on error the objects
 * are as they were. The checkpoint's own tensors stay the caller's to dispose.
 *
 * @throws CheckpointError naming every mismatch: another model string or
 *   optimizer, missing/unexpected/mis-shaped tensors, missing random states;
 *   or tensors holding NaN or infinity.
 * @example
 * const checkpoint = await decodeCheckpoint(files, 'upload');
 * try {
 *   const { position } = applyCheckpoint(checkpoint, { model, optimizer });
 * } finally {
 *   checkpoint.dispose();
 * }
 */
export function applyCheckpoint(checkpoint: LoadedCheckpoint, options: RestoreCheckpointOptions): RestoredCheckpoint {
  const { model, optimizer } = options ?? ({} as RestoreCheckpointOptions);
  if (!(model instanceof Module)) throw new InvalidArgumentError('restoreCheckpoint: options.model must be a Module');
  const { directory, metadata } = checkpoint;
  const where = `${directory}/${METADATA_FILE}`;
  const converted: Record<string, tf.Tensor> = {};
  try {
    // Loading them would only end in "diverged" at the first step, blaming the learning rate.
    if (checkpoint.nonFinite.length > 0) throw nonFiniteError(directory, checkpoint.nonFinite);
    checkNames(options, metadata, where);
    Object.assign(converted, fromTorchStateDict(model, checkpoint.model, `${directory}/${MODEL_FILE}`));
    const optimizerDict = optimizer === undefined ? undefined : optimizerStateDict(optimizer, metadata, checkpoint.optimizer, directory);
    checkRandomStates(model, options, metadata, where);

    // Everything checked. Random and callback states validate themselves as they are set, so
    // they go first and are rolled back on failure; the tensor loads below cannot fail any more.
    restoreStates(model, options, metadata, where);
    model.loadStateDict(converted);
    if (optimizer !== undefined && optimizerDict !== undefined) optimizer.loadStateDict(optimizerDict);
  } finally {
    tf.dispose(Object.values(converted));
  }
  return { directory, metadata, position: metadata.position, history: metadata.history };
}

function checkNames(options: RestoreCheckpointOptions, metadata: CheckpointMetadata, where: string): void {
  if (options.modelSpec !== undefined && metadata.model !== null && metadata.model !== options.modelSpec) {
    throw new CheckpointError(`${where}: the checkpoint is of model "${metadata.model}", not "${options.modelSpec}"; resume with --model ${metadata.model}`);
  }
  const saved = metadata.optimizer?.name ?? null;
  if (options.optimizerName !== undefined && saved !== null && saved !== options.optimizerName) {
    throw new CheckpointError(`${where}: the checkpoint was trained with optimizer "${saved}", not "${options.optimizerName}"`);
  }
}

/** The optimizer state dict to load, checked against the optimizer's own keys, shapes and dtypes first. */
function optimizerStateDict(
  optimizer: Optimizer,
  metadata: CheckpointMetadata,
  tensors: Record<string, tf.Tensor>,
  directory: string,
): OptimizerStateDict {
  const record = metadata.optimizer;
  if (record === null) throw new CheckpointError(`${directory}/${METADATA_FILE}: the checkpoint holds no optimizer state`);
  const current = optimizer.stateDict();
  try {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(current.state)) {
      const saved = typeof value === 'number' ? record.scalars[key] : tensors[key];
      if (saved === undefined) problems.push(`missing "${key}"`);
      else if (typeof value !== 'number' && (!(saved instanceof tf.Tensor) || !tf.util.arraysEqual(saved.shape, value.shape) || saved.dtype !== value.dtype)) {
        const got = saved instanceof tf.Tensor ? `${saved.dtype} [${saved.shape.join(', ')}]` : 'a number';
        problems.push(`"${key}" is ${got}, the optimizer has ${value.dtype} [${value.shape.join(', ')}]`);
      }
    }
    for (const key of [...Object.keys(tensors), ...Object.keys(record.scalars)]) if (!(key in current.state)) problems.push(`unexpected "${key}"`);
    if (problems.length > 0) {
      throw new CheckpointError(`${directory}/${OPTIMIZER_FILE} does not fit this optimizer: ${problems.slice(0, 12).join('; ')}${problems.length > 12 ? ` and ${problems.length - 12} more` : ''}`);
    }
  } finally {
    tf.dispose(Object.values(current.state).filter((v): v is tf.Tensor => typeof v !== 'number'));
  }
  return {
    step: record.step,
    ...(record.learningRate === null ? {} : { learningRate: record.learningRate }),
    state: { ...record.scalars, ...tensors },
  };
}

function checkRandomStates(model: Module, options: RestoreCheckpointOptions, metadata: CheckpointMetadata, where: string): void {
  const own = model.namedRngs().map(([name]) => name);
  const saved = Object.keys(metadata.moduleRngs);
  if (own.length !== saved.length || own.some((name) => !(name in metadata.moduleRngs))) {
    throw new CheckpointError(`${where}: the model's random generators [${own.join(', ')}] differ from the checkpoint's [${saved.join(', ')}]`);
  }
  for (const name of Object.keys(options.rngs ?? {})) {
    if (!(name in metadata.rngs)) throw new CheckpointError(`${where}: no random state "${name}" saved (saved: ${Object.keys(metadata.rngs).join(', ') || 'none'})`);
  }
  for (const name of Object.keys(options.states ?? {})) {
    if (!(name in metadata.states)) throw new CheckpointError(`${where}: no state "${name}" saved (saved: ${Object.keys(metadata.states).join(', ') || 'none'})`);
  }
}

/** Sets every random and callback state, or none: on a failure the ones already set are put back. */
function restoreStates(model: Module, options: RestoreCheckpointOptions, metadata: CheckpointMetadata, where: string): void {
  const undo: Array<() => void> = [];
  try {
    const sources: Array<[string, RandomSource, unknown]> = [
      ...model.namedRngs().map(([name, rng]): [string, RandomSource, unknown] => [name, rng, metadata.moduleRngs[name]]),
      ...Object.entries(options.rngs ?? {}).map(([name, source]): [string, RandomSource, unknown] => [name, source, metadata.rngs[name]]),
    ];
    for (const [name, source, state] of sources) {
      const before = randomState(source);
      setRandomState(name, source, state, where);
      undo.push(() => setRandomState(name, source, before, where));
    }
    for (const [name, component] of Object.entries(options.states ?? {})) {
      const before = component.state();
      try {
        component.loadState(metadata.states[name]);
      } catch (error) {
        throw new CheckpointError(`${where}: state "${name}" does not fit: ${(error as Error).message}`, { cause: error });
      }
      undo.push(() => component.loadState(before));
    }
  } catch (error) {
    for (const restore of undo.reverse()) {
      try {
        restore();
      } catch {
        // Putting back a state this object produced itself does not fail; nothing more to do if it did.
      }
    }
    throw error;
  }
}

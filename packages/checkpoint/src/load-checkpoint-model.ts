import { CheckpointError, Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { buildModel, type ModelSpec, parseModelSpec } from '@nnlab/models';
import type { CheckpointInputRecord, CheckpointMetadata } from './checkpoint-metadata.js';
import { readCheckpointMetadata } from './load-checkpoint.js';
import { restoreCheckpoint } from './restore-checkpoint.js';

/** A checkpoint's model, built and loaded, in eval mode. */
export interface CheckpointModel {
  readonly model: Module;
  readonly spec: ModelSpec;
  /** The checkpoint directory read (`runs/a/checkpoint-00000250`). */
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
  /** What the model takes; undefined for checkpoints written before nnlab recorded it (only with `requireInput: false`). */
  readonly input: CheckpointInputRecord | undefined;
}

/** Options of {@link loadCheckpointModel}. */
export interface LoadCheckpointModelOptions {
  /** Refuse a checkpoint that does not record its input (shape, normalisation); default true. */
  readonly requireInput?: boolean;
  /** What the model is loaded for, in messages (`export`, `nnlab predict`); default `loadCheckpointModel`. */
  readonly purpose?: string;
  /** Called once the metadata is read and checked, before the model is built: activate a backend here. */
  readonly beforeBuild?: (metadata: CheckpointMetadata) => Promise<void> | void;
}

/** The message for checkpoints that predate the `input` record. */
export function missingInputMessage(directory: string, purpose: string): string {
  return (
    `${directory}: the checkpoint does not record the input shape and normalisation statistics its model was trained with ` +
    `(it was written by an older nnlab), so ${purpose} cannot reproduce training's preprocessing; ` +
    'train again with this nnlab, or resume the run for one more epoch, which records them'
  );
}

/**
 * Loads the model of a checkpoint (a run directory, whose `latest` is read,
 * or one `checkpoint-N` directory): builds the model its `checkpoint.json`
 * names on the active backend and restores the weights (checksums verified),
 * in eval mode.
 *
 * @throws NotFoundError when there is no checkpoint; CheckpointError when it records no model string, or (with `requireInput`) no input.
 * @example
 * await cpuBackend.activate();
 * const { model, input } = await loadCheckpointModel('runs/mnist', { purpose: 'predict' });
 */
export async function loadCheckpointModel(path: string, options: LoadCheckpointModelOptions = {}): Promise<CheckpointModel> {
  const purpose = options.purpose ?? 'loadCheckpointModel';
  const { directory, metadata } = await readCheckpointMetadata(path);
  if (metadata.model === null) throw new CheckpointError(`${directory}: the checkpoint does not record its model string, so nnlab cannot rebuild the model`);
  if (metadata.input === undefined && (options.requireInput ?? true)) throw new CheckpointError(missingInputMessage(directory, purpose));
  const spec = parseModelSpec(metadata.model);
  await options.beforeBuild?.(metadata);
  const model = buildModel(spec, { rng: new Rng(0) });
  try {
    await restoreCheckpoint(directory, { model, modelSpec: spec.text });
  } catch (error) {
    model.dispose();
    throw error;
  }
  model.eval();
  return { model, spec, directory, metadata, input: metadata.input };
}

import { type BackendProvider, BackendRegistry, CheckpointError, NotFoundError, Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { buildModel, type ModelSpec, parseModelSpec } from '@nnlab/models';
import { pickBackend } from '@nnlab/backends';
import { type CheckpointInputRecord, type CheckpointMetadata } from '@nnlab/checkpoint';
import { readCheckpointMetadata, restoreCheckpoint } from '@nnlab/checkpoint/node';

/** A checkpoint's model, built and loaded, in eval mode. */
export interface CheckpointModel {
  readonly model: Module;
  readonly spec: ModelSpec;
  /** The checkpoint directory read (`runs/a/checkpoint-00000250`). */
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
  /** What the model takes; undefined for checkpoints written before nnlab recorded it (only with `requireInput: false`). */
  readonly input: CheckpointInputRecord | undefined;
  /** The active backend's name. */
  readonly backend: string;
}

/** The message for checkpoints that predate the `input` record. */
export function missingInputMessage(directory: string, purpose: string): string {
  return (
    `${directory}: the checkpoint does not record the input shape and normalisation statistics its model was trained with ` +
    `(it was written by an older nnlab), so ${purpose} cannot reproduce training's preprocessing; ` +
    'train again with this nnlab (nnlab train ... --save DIR), or resume it for one more epoch (nnlab train ... --resume DIR), which records them'
  );
}

/**
 * Loads the model of a checkpoint (a `--save` directory or one
 * `checkpoint-N` directory): activates `backendName`, builds the model its
 * `checkpoint.json` names and restores the weights (checksums verified).
 * `purpose` names the command in errors (`export`, `predict`).
 */
export async function loadCheckpointModel(
  path: string,
  options: { backends: readonly BackendProvider[]; backendName: string; purpose: string; requireInput: boolean },
): Promise<CheckpointModel> {
  const { directory, metadata } = await readCheckpointMetadata(path).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new NotFoundError(`${options.purpose}: ${error.message}`, { cause: error });
    throw error;
  });
  if (metadata.model === null) throw new CheckpointError(`${directory}: the checkpoint does not record its model string, so nnlab cannot rebuild the model`);
  if (metadata.input === undefined && options.requireInput) throw new CheckpointError(missingInputMessage(directory, `nnlab ${options.purpose}`));
  const spec = parseModelSpec(metadata.model);
  const backend = await pickBackend(new BackendRegistry(options.backends), options.backendName);
  const info = await backend.activate({});
  const model = buildModel(spec, { rng: new Rng(0) });
  try {
    await restoreCheckpoint(directory, { model, modelSpec: spec.text });
  } catch (error) {
    model.dispose();
    throw error;
  }
  model.eval();
  return { model, spec, directory, metadata, input: metadata.input, backend: info.name };
}

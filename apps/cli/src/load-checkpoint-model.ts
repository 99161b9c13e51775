import { pickBackend } from '@nnlab/backends';
import { loadCheckpointModel as loadModel, type CheckpointModel as LoadedModel } from '@nnlab/checkpoint/node';
import { type BackendProvider, BackendRegistry, NotFoundError } from '@nnlab/core';

/** A checkpoint's model, built and loaded, in eval mode, and the backend it runs on. */
export interface CheckpointModel extends LoadedModel {
  /** The active backend's name. */
  readonly backend: string;
}

/**
 * Loads the model of a checkpoint (a `--save` directory or one
 * `checkpoint-N` directory) with `@nnlab/checkpoint`'s `loadCheckpointModel`,
 * activating `backendName` once the checkpoint has been read. `purpose` names
 * the command in errors (`export`, `predict`).
 */
export async function loadCheckpointModel(
  path: string,
  options: { backends: readonly BackendProvider[]; backendName: string; purpose: string; requireInput: boolean },
): Promise<CheckpointModel> {
  let backend = '';
  let read = false;
  const loaded = await loadModel(path, {
    purpose: `nnlab ${options.purpose}`,
    requireInput: options.requireInput,
    beforeBuild: async () => {
      read = true;
      const picked = await pickBackend(new BackendRegistry(options.backends), options.backendName);
      backend = (await picked.activate({})).name;
    },
  }).catch((error: unknown) => {
    // Only a missing checkpoint is prefixed with the command (an unknown backend is not).
    if (error instanceof NotFoundError && !read) throw new NotFoundError(`${options.purpose}: ${error.message}`, { cause: error });
    throw error;
  });
  return { ...loaded, backend };
}

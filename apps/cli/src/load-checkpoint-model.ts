import { pickBackend } from '@nnlab/backends';
import { loadCheckpointModel as loadModel, type CheckpointModel as LoadedModel } from '@nnlab/checkpoint/node';
import { type BackendProvider, BackendRegistry, NotFoundError } from '@nnlab/core';

/** A checkpoint's model, built and loaded, in eval mode, and the backend it runs on. */
export interface CheckpointModel extends LoadedModel {
  /** The active backend's name. */
  readonly backend: string;
}

/** Which backend a command that loads a checkpoint activates, and what it calls itself in errors. */
export interface CheckpointBackendOptions {
  readonly backends: readonly BackendProvider[];
  readonly backendName: string;
  /** The command (`export`, `predict`). */
  readonly purpose: string;
}

/**
 * The backend hook of a command that loads a checkpoint: `activate` picks
 * and activates `backendName` (call it once the checkpoint has been read) and
 * returns its name; `rethrow` prefixes a not-found error from before that
 * with the command, so `nnlab predict nowhere` says `predict: no checkpoint at nowhere`
 * (an unknown backend is not prefixed).
 */
export function checkpointBackend(options: CheckpointBackendOptions): { activate: () => Promise<string>; rethrow: (error: unknown) => never } {
  let read = false;
  return {
    activate: async () => {
      read = true;
      const picked = await pickBackend(new BackendRegistry(options.backends), options.backendName);
      return (await picked.activate({})).name;
    },
    rethrow: (error) => {
      if (error instanceof NotFoundError && !read) throw new NotFoundError(`${options.purpose}: ${error.message}`, { cause: error });
      throw error;
    },
  };
}

/**
 * Loads the model of a checkpoint (a `--save` directory or one
 * `checkpoint-N` directory) with `@nnlab/checkpoint`'s `loadCheckpointModel`,
 * activating `backendName` once the checkpoint has been read. `purpose` names
 * the command in errors (`export`, `predict`).
 */
export async function loadCheckpointModel(path: string, options: CheckpointBackendOptions & { requireInput: boolean }): Promise<CheckpointModel> {
  let backend = '';
  const hooks = checkpointBackend(options);
  const loaded = await loadModel(path, {
    purpose: `nnlab ${options.purpose}`,
    requireInput: options.requireInput,
    beforeBuild: async () => {
      backend = await hooks.activate();
    },
  }).catch(hooks.rethrow);
  return { ...loaded, backend };
}

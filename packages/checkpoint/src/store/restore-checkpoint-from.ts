import { NotFoundError } from '@nnlab/core';
import { applyCheckpoint, type RestoreCheckpointOptions, type RestoredCheckpoint } from '../apply-checkpoint.js';
import { decodeCheckpoint } from '../decode-checkpoint.js';
import { assertCheckpointStoreName, type CheckpointStore } from './checkpoint-store.js';

/**
 * Reads the checkpoint `name` from `store`, verifies it (sizes, SHA-256,
 * safetensors structure, finite values) and loads it into the live objects
 * as `applyCheckpoint` does; on any error they are as they were.
 *
 * @throws NotFoundError when the store has no checkpoint of that name; CheckpointError for a damaged one or one that does not fit.
 * @example
 * const { position } = await restoreCheckpointFrom(indexedDbCheckpointStore(), 'mnist', { model, optimizer, rngs: { shuffle: loader } });
 * await fit(model, optimizer, { train: loader, epochs: 10, resumeFrom: position });
 */
export async function restoreCheckpointFrom(store: CheckpointStore, name: string, options: RestoreCheckpointOptions): Promise<RestoredCheckpoint> {
  assertCheckpointStoreName(name);
  const files = await store.read(name);
  if (files === undefined) throw new NotFoundError(`no checkpoint "${name}" in ${store.description}`);
  const checkpoint = await decodeCheckpoint(files, `${store.description}/${name}`);
  try {
    return applyCheckpoint(checkpoint, options);
  } finally {
    checkpoint.dispose();
  }
}

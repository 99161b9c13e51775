import { CheckpointError } from '@nnlab/core';
import { encodeCheckpoint, type EncodeCheckpointOptions, type EncodedCheckpoint } from '../encode-checkpoint.js';
import { assertCheckpointStoreName, type CheckpointStore } from './checkpoint-store.js';

/**
 * Encodes a checkpoint (see `encodeCheckpoint`: model, optimizer, position,
 * random and callback states, history) and writes it to `store` under
 * `name`, replacing an older one of that name all at once.
 *
 * @throws InvalidArgumentError for a bad name or options; CheckpointError when the store refuses (full, blocked), saying the previous one is kept.
 * @example
 * const store = indexedDbCheckpointStore();
 * await saveCheckpointTo(store, 'mnist', { model, optimizer, position, rngs: { shuffle: loader } });
 */
export async function saveCheckpointTo(store: CheckpointStore, name: string, options: EncodeCheckpointOptions): Promise<EncodedCheckpoint> {
  assertCheckpointStoreName(name);
  const encoded = await encodeCheckpoint(options);
  try {
    await store.write(name, encoded.files);
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`could not save checkpoint "${name}" to ${store.description}: ${(error as Error).message}; the previous one (if any) is kept`, { cause: error });
  }
  return encoded;
}

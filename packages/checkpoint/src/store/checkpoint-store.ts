import { InvalidArgumentError } from '@nnlab/core';
import type { CheckpointFiles } from '../encode-checkpoint.js';

/**
 * Where checkpoints live, by name: one interface for a directory in Node
 * (`directoryCheckpointStore` from `@nnlab/checkpoint/node`), IndexedDB in a
 * page ({@link indexedDbCheckpointStore}), or anything else (OPFS, a server)
 * that keeps a few named byte arrays. A checkpoint is the files
 * `encodeCheckpoint` makes (`model.safetensors`, `optimizer.safetensors`,
 * `checkpoint.json`); a store keeps them as they are, so the same bytes move
 * between stores, PyTorch and the CLI. {@link saveCheckpointTo} and
 * {@link restoreCheckpointFrom} encode, verify and restore through it.
 */
export interface CheckpointStore {
  /** For messages: `IndexedDB nnlab-checkpoints`, a directory path. */
  readonly description: string;
  /** Saves all the files under `name`, replacing what was there: all or nothing (a failure leaves the previous checkpoint of that name). */
  write(name: string, files: CheckpointFiles): Promise<void>;
  /** The files saved under `name`, or undefined when there is none. */
  read(name: string): Promise<CheckpointFiles | undefined>;
  /** The names saved, sorted. */
  list(): Promise<string[]>;
  /** Removes `name`; no error when it does not exist. */
  remove(name: string): Promise<void>;
}

const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a checkpoint name given to a store: 1-128 letters, digits, `.`, `_`
 * or `-`, starting with a letter or digit, so it is also a safe file name.
 *
 * @throws InvalidArgumentError naming the value and what is allowed.
 */
export function assertCheckpointStoreName(name: string): string {
  if (typeof name !== 'string' || !STORE_NAME.test(name)) {
    throw new InvalidArgumentError(`checkpoint name must be 1-128 letters, digits, ".", "_" or "-" starting with a letter or digit, got ${JSON.stringify(name)}`);
  }
  return name;
}

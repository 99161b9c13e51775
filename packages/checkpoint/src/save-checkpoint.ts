import { join } from 'node:path';
import { assertInteger, CheckpointError, InvalidArgumentError } from '@nnlab/core';
import type { TrainingPosition } from '@nnlab/trainers';
import { type CheckpointFileSystem, nodeCheckpointFileSystem } from './checkpoint-file-system.js';
import { checkpointName, LATEST_FILE, scratchName, sortCheckpointNames } from './checkpoint-names.js';
import { encodeCheckpoint, type EncodeCheckpointOptions } from './encode-checkpoint.js';
import { pruneCheckpoints } from './prune-checkpoints.js';

/** Options of {@link saveCheckpoint}: what goes into the checkpoint, and how the directory is kept. */
export interface SaveCheckpointOptions extends EncodeCheckpointOptions {
  /** Checkpoints to keep in the directory, newest first (default 2, at least 1). */
  readonly keep?: number;
  /**
   * False: remove no checkpoint at all, not even older revisions of this
   * step (default true). For a directory holding checkpoints that did not
   * verify: nothing a user saved is removed on the strength of a directory
   * that could not be read.
   */
  readonly prune?: boolean;
  /** File operations (tests inject faults here); default the real file system with fsync. */
  readonly fileSystem?: CheckpointFileSystem;
}

/** Where {@link saveCheckpoint} wrote. */
export interface SavedCheckpoint {
  /** The new checkpoint directory (`DIR/checkpoint-00000250`). */
  readonly directory: string;
  readonly position: TrainingPosition;
}

/** Temp directories of saves in progress in this process (so cleanup never removes one). */
const inProgress = new Set<string>();

/**
 * Saves a checkpoint under the root directory `dir`, atomically and durably:
 * the three files (`model.safetensors`, `optimizer.safetensors`,
 * `checkpoint.json`) are written and fsynced in a fresh hidden temp directory
 * which is then renamed to `checkpoint-<step>` (directory fsynced), and only
 * then is the `latest` pointer file atomically replaced (temp file, fsync,
 * rename, fsync). A crash, Ctrl-C or full disk at any moment leaves the
 * previous checkpoint complete and named by `latest`. Afterwards all but the
 * newest `keep` checkpoints (default 2) and scratch directories of dead
 * processes are removed.
 *
 * The model is stored with PyTorch's names and axis order (PyTorch loads it
 * with `load_state_dict`), the optimizer state in nnlab's; the JSON holds the
 * position, optimizer step and learning rate, random states (given `rngs`
 * and every `model.namedRngs()` generator), callback `states`, history,
 * `extra`, and each tensor file's size and SHA-256.
 *
 * @throws CheckpointError when writing fails (saying the previous checkpoint is kept); InvalidArgumentError for bad options.
 * @example
 * await saveCheckpoint('runs/mnist', { model, optimizer, epoch: 3, step: 375, rngs: { shuffle: trainLoader }, history: history.epochs });
 */
export async function saveCheckpoint(dir: string, options: SaveCheckpointOptions): Promise<SavedCheckpoint> {
  if (typeof dir !== 'string' || dir === '') throw new InvalidArgumentError(`checkpoint directory must be a non-empty path, got ${JSON.stringify(dir)}`);
  const { files: encoded, position } = await encodeCheckpoint(options);
  const keep = assertInteger('keep', options.keep ?? 2, 1);
  const fs = options.fileSystem ?? nodeCheckpointFileSystem;
  const files = Object.entries(encoded);

  let name = '';
  // What a failed save leaves as the newest checkpoint, to name it in the error (undefined: not known).
  let previous: string | null | undefined;
  try {
    await fs.mkdir(dir);
    const checkpoints = sortCheckpointNames(await fs.readdir(dir));
    previous = checkpoints.at(-1)?.name ?? null;
    const existing = checkpoints.filter((entry) => entry.step === position.globalStep);
    name = checkpointName(position.globalStep, existing.length === 0 ? 0 : Math.max(...existing.map((e) => e.revision)) + 1);
    await writeDirectoryAtomically(fs, dir, name, files);
    await writeFileAtomically(fs, dir, LATEST_FILE, new TextEncoder().encode(`${name}\n`));
  } catch (error) {
    const kept = previous === undefined ? 'the previous checkpoint (if any) is kept' : previous === null ? 'there is no earlier checkpoint' : `the previous checkpoint ${join(dir, previous)} is kept`;
    throw new CheckpointError(`could not save checkpoint ${name === '' ? '' : `${name} `}in ${dir}: ${(error as Error).message}; ${kept}`, { cause: error });
  }
  await pruneCheckpoints(fs, dir, name, options.prune === false ? Number.POSITIVE_INFINITY : keep, inProgress);
  return { directory: join(dir, name), position };
}

/** Writes `files` into a fresh hidden directory, fsyncs everything, then renames it to `dir/name`. */
async function writeDirectoryAtomically(fs: CheckpointFileSystem, dir: string, name: string, files: ReadonlyArray<[string, Uint8Array]>): Promise<void> {
  const temp = join(dir, scratchName('tmp', name));
  inProgress.add(temp);
  try {
    await fs.mkdir(temp);
    for (const [file, bytes] of files) await fs.writeFile(join(temp, file), bytes);
    await fs.syncDirectory(temp);
    await fs.rename(temp, join(dir, name));
    await fs.syncDirectory(dir);
  } catch (error) {
    await fs.remove(temp).catch(() => undefined);
    throw error;
  } finally {
    inProgress.delete(temp);
  }
}

/** Replaces `dir/name` atomically: temp file, fsync, rename over, fsync of the directory. */
async function writeFileAtomically(fs: CheckpointFileSystem, dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dir, scratchName('tmp', name));
  inProgress.add(temp);
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, join(dir, name));
    await fs.syncDirectory(dir);
  } catch (error) {
    await fs.remove(temp).catch(() => undefined);
    throw error;
  } finally {
    inProgress.delete(temp);
  }
}

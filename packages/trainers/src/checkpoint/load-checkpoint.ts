import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, DataFormatError, NotFoundError } from '@nnlab/core';
import { type CheckpointMetadata, parseCheckpointMetadata } from './checkpoint-metadata.js';
import { LATEST_FILE, METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE, parseCheckpointName, sortCheckpointNames } from './checkpoint-names.js';
import { decodeSafetensors } from './decode-safetensors.js';
import { fromSafetensorsTensor } from './tensor-codec.js';

/** `checkpoint.json` larger than this is refused as corrupt before it is read. */
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

/** A checkpoint read from disk by {@link loadCheckpoint}; its tensors belong to the caller. */
export interface LoadedCheckpoint {
  /** The checkpoint directory actually read (`DIR/checkpoint-00000250`). */
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
  /** Model parameters and buffers by PyTorch name, in PyTorch's axis order. */
  readonly model: Record<string, tf.Tensor>;
  /** Optimizer state tensors by nnlab key (`<state>.<parameter>`). */
  readonly optimizer: Record<string, tf.Tensor>;
  /** Disposes every tensor above. */
  dispose(): void;
}

/**
 * Finds the checkpoint directory `path` means: a checkpoint directory itself
 * (it holds `checkpoint.json`), or a root whose `latest` file names one (or,
 * without `latest`, its newest `checkpoint-*` directory).
 *
 * @throws NotFoundError when there is nothing there; CheckpointError when `latest` is bad.
 */
export async function resolveCheckpointDirectory(path: string): Promise<string> {
  if (await exists(join(path, METADATA_FILE))) return path;
  let pointer: string | undefined;
  try {
    pointer = (await readFile(join(path, LATEST_FILE), 'utf8')).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  if (pointer !== undefined) {
    // Only a plain checkpoint name is ever used as a path: never "../x" or an absolute path.
    if (parseCheckpointName(pointer) === undefined) {
      throw new CheckpointError(`${join(path, LATEST_FILE)} names ${JSON.stringify(pointer.slice(0, 80))}, expected a checkpoint directory name like checkpoint-00000250`);
    }
    if (!(await exists(join(path, pointer, METADATA_FILE)))) {
      throw new CheckpointError(`${join(path, LATEST_FILE)} names ${pointer}, but ${join(path, pointer, METADATA_FILE)} does not exist`);
    }
    return join(path, pointer);
  }
  let entries: string[] = [];
  try {
    entries = await readdir(path);
  } catch (error) {
    throw new NotFoundError(`no checkpoint at ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`, { cause: error });
  }
  const newest = sortCheckpointNames(entries).reverse();
  for (const entry of newest) if (await exists(join(path, entry.name, METADATA_FILE))) return join(path, entry.name);
  throw new NotFoundError(`no checkpoint in ${path}: expected ${METADATA_FILE}, a "${LATEST_FILE}" file or checkpoint-* directories`);
}

/**
 * Reads and checks only `checkpoint.json` of the checkpoint `path` means (no
 * tensors, no checksums): cheap enough to check a `--resume` before any
 * data is loaded. {@link loadCheckpoint} verifies the rest.
 *
 * @example
 * const { metadata } = await readCheckpointMetadata('runs/mnist');
 * metadata.position.epoch; // 2
 */
export async function readCheckpointMetadata(path: string): Promise<{ directory: string; metadata: CheckpointMetadata }> {
  const directory = await resolveCheckpointDirectory(path);
  const metadataPath = join(directory, METADATA_FILE);
  const bytes = await readChecked(metadataPath, MAX_METADATA_BYTES);
  return { directory, metadata: parseCheckpointMetadata(new TextDecoder().decode(bytes), metadataPath) };
}

/**
 * Reads a checkpoint (see {@link resolveCheckpointDirectory} for what `path`
 * may be) and verifies it before decoding anything: the metadata's format
 * and version, then each tensor file's size and SHA-256 against
 * `checkpoint.json`, then the safetensors structure.
 *
 * @throws CheckpointError naming the file and the problem (missing, truncated, checksum mismatch, bad format version, ...).
 * @example
 * const checkpoint = await loadCheckpoint('runs/mnist');
 * console.log(checkpoint.metadata.position, Object.keys(checkpoint.model));
 * checkpoint.dispose();
 */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const { directory, metadata } = await readCheckpointMetadata(path);
  const tensors: Record<string, Record<string, tf.Tensor>> = {};
  const all: tf.Tensor[] = [];
  try {
    for (const file of [MODEL_FILE, OPTIMIZER_FILE] as const) {
      const filePath = join(directory, file);
      const record = metadata.files[file];
      const bytes = await readChecked(filePath, record.bytes);
      if (bytes.length !== record.bytes) {
        throw new CheckpointError(`${filePath} is ${bytes.length} bytes, but ${METADATA_FILE} records ${record.bytes} (truncated or replaced file)`);
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== record.sha256) {
        throw new CheckpointError(`${filePath}: checksum mismatch (SHA-256 ${sha256}, ${METADATA_FILE} records ${record.sha256}); the file is corrupt`);
      }
      let decoded;
      try {
        decoded = decodeSafetensors(bytes, filePath);
      } catch (error) {
        if (error instanceof DataFormatError) throw new CheckpointError(error.message, { cause: error });
        throw error;
      }
      const entries: Array<[string, tf.Tensor]> = [];
      for (const [name, entry] of decoded.tensors) {
        const tensor = fromSafetensorsTensor(name, entry, filePath);
        all.push(tensor);
        entries.push([name, tensor]);
      }
      tensors[file] = Object.fromEntries(entries);
    }
  } catch (error) {
    for (const tensor of all) tensor.dispose();
    throw error;
  }
  return {
    directory,
    metadata,
    model: tensors[MODEL_FILE] ?? {},
    optimizer: tensors[OPTIMIZER_FILE] ?? {},
    dispose: () => {
      for (const tensor of all) tensor.dispose();
    },
  };
}

/** Reads a file of at most `limit` bytes (+1, so a longer file shows as too long), naming it when missing. */
async function readChecked(path: string, limit: number): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CheckpointError(`${path} is missing; the checkpoint is incomplete`, { cause: error });
    throw new CheckpointError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (size > limit) {
    throw new CheckpointError(`${path} is ${size} bytes, more than the ${limit} expected (corrupt or replaced file)`);
  }
  return readFile(path);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

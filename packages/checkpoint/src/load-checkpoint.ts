import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, NotFoundError } from '@nnlab/core';
import { type CheckpointMetadata, parseCheckpointMetadata } from './checkpoint-metadata.js';
import { LATEST_FILE, METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE, parseCheckpointName, sortCheckpointNames } from './checkpoint-names.js';
import { type LoadedCheckpoint, nonFiniteError, tensorsOf, verifyCheckpointFiles } from './decode-checkpoint.js';
import { readBoundedFile } from './read-bounded-file.js';
import type { SafetensorsContents } from './safetensors-dtype.js';

/** `checkpoint.json` larger than this is refused as corrupt before it is read. */
const MAX_METADATA_BYTES = 64 * 1024 * 1024;
/** A `latest` pointer holds one checkpoint name; anything longer is not one. */
const MAX_LATEST_BYTES = 4096;

/**
 * Finds the checkpoint directory `path` means: a checkpoint directory itself
 * (it holds `checkpoint.json`), or a root whose `latest` file names one (or,
 * without `latest`, its newest `checkpoint-*` directory).
 *
 * @throws NotFoundError when there is nothing there; CheckpointError when `latest` is bad.
 */
export async function resolveCheckpointDirectory(path: string): Promise<string> {
  if (await exists(join(path, METADATA_FILE))) return path;
  const pointer = await readLatest(path);
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
  const bytes = await readBoundedFile(metadataPath, MAX_METADATA_BYTES);
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
  return tensorsOf(directory, metadata, await readVerifiedFiles(directory, metadata));
}

/**
 * Verifies the checkpoint directory `directory` (not a root) as
 * {@link loadCheckpoint} does, without making any tensor: metadata, each
 * tensor file's size, SHA-256 and safetensors structure, and that no model
 * tensor holds NaN or infinity (a checkpoint saved after the run diverged
 * cannot be trained from).
 *
 * @throws CheckpointError saying what is wrong.
 * @example
 * const { metadata } = await verifyCheckpoint('runs/mnist/checkpoint-00000250');
 */
export async function verifyCheckpoint(directory: string): Promise<{ directory: string; metadata: CheckpointMetadata }> {
  const metadataPath = join(directory, METADATA_FILE);
  const metadata = parseCheckpointMetadata(new TextDecoder().decode(await readBoundedFile(metadataPath, MAX_METADATA_BYTES)), metadataPath);
  const { nonFinite } = await readVerifiedFiles(directory, metadata);
  if (nonFinite.length > 0) throw nonFiniteError(directory, nonFinite);
  return { directory, metadata };
}

/** Each tensor file read (no more than the size `checkpoint.json` records) and checked against it; see verifyCheckpointFiles. */
async function readVerifiedFiles(directory: string, metadata: CheckpointMetadata): Promise<{ contents: Array<[string, SafetensorsContents]>; nonFinite: string[] }> {
  const files: Record<string, Uint8Array> = {};
  for (const file of [MODEL_FILE, OPTIMIZER_FILE] as const) files[file] = await readBoundedFile(join(directory, file), metadata.files[file].bytes);
  return verifyCheckpointFiles(files, metadata, directory);
}

/** One `checkpoint-*` directory of a root, as {@link scanCheckpoints} found it. */
export interface CheckpointCheck {
  /** Its name, `checkpoint-00000250`. */
  readonly name: string;
  readonly directory: string;
  /** Its metadata, when it verifies. */
  readonly metadata?: CheckpointMetadata;
  /** Why it does not verify (undefined when it does). */
  readonly problem?: string;
}

/** Every checkpoint of a root directory, verified; see {@link scanCheckpoints}. */
export interface CheckpointScan {
  readonly root: string;
  /** Every `checkpoint-*` entry, newest first. */
  readonly checkpoints: readonly CheckpointCheck[];
  /** What is wrong with the `latest` pointer, when it exists and is wrong. */
  readonly latestProblem?: string;
  /** The checkpoint to continue from: the newest that verifies. */
  readonly best?: CheckpointCheck;
  /** True when `latest` (if any) and every checkpoint verify: only then may old checkpoints be removed. */
  readonly allVerified: boolean;
}

/**
 * Reads and verifies (see {@link verifyCheckpoint}) every checkpoint of the
 * root directory `root`, so that a caller can continue from the newest good
 * one and never removes checkpoints it could not read.
 *
 * @throws NotFoundError when `root` does not exist; CheckpointError when it cannot be read or is not a directory.
 * @example
 * const scan = await scanCheckpoints('runs/mnist');
 * for (const skipped of scan.checkpoints) if (skipped.problem) console.warn(skipped.name, skipped.problem);
 */
export async function scanCheckpoints(root: string): Promise<CheckpointScan> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`no checkpoint at ${root}: no such directory`, { cause: error });
    if (code === 'ENOTDIR') throw new CheckpointError(`${root} is a file, not a checkpoint directory`, { cause: error });
    throw new CheckpointError(`cannot read the checkpoint directory ${root}: ${(error as Error).message}`, { cause: error });
  }
  const checkpoints: CheckpointCheck[] = [];
  for (const { name } of sortCheckpointNames(entries).reverse()) {
    const directory = join(root, name);
    try {
      checkpoints.push({ name, directory, metadata: (await verifyCheckpoint(directory)).metadata });
    } catch (error) {
      checkpoints.push({ name, directory, problem: (error as Error).message });
    }
  }
  let latestProblem: string | undefined;
  try {
    const pointer = await readLatest(root);
    if (pointer !== undefined) {
      if (parseCheckpointName(pointer) === undefined) latestProblem = `it names ${JSON.stringify(pointer.slice(0, 80))}, not a checkpoint directory`;
      else if (!checkpoints.some((entry) => entry.name === pointer)) latestProblem = `it names ${pointer}, which does not exist`;
    }
  } catch (error) {
    latestProblem = (error as Error).message;
  }
  // Newer than `latest` too: a save killed between its rename and the pointer's update left a complete checkpoint.
  const best = checkpoints.find((entry) => entry.problem === undefined);
  return {
    root,
    checkpoints,
    ...(latestProblem === undefined ? {} : { latestProblem }),
    ...(best === undefined ? {} : { best }),
    allVerified: latestProblem === undefined && checkpoints.every((entry) => entry.problem === undefined),
  };
}

/** The trimmed `latest` pointer of a root, or undefined when there is none. */
async function readLatest(root: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await readBoundedFile(join(root, LATEST_FILE), MAX_LATEST_BYTES)).trim();
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

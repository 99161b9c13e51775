import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import type * as tf from '@tensorflow/tfjs-core';
import type { CheckpointMetadata } from './checkpoint-metadata.js';
import { MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-names.js';
import { verifyCheckpointFiles } from './decode-checkpoint.js';
import { readCheckpointMetadata } from './load-checkpoint.js';
import { readBoundedFile } from './read-bounded-file.js';
import { readSafetensorsFile } from './read-safetensors-file.js';
import type { SafetensorsContents } from './safetensors-dtype.js';
import { fromSafetensorsTensor } from './tensor-codec.js';
import { fromTorchStateDict } from './torch-state-dict.js';

/** One tensor of an inspected checkpoint. */
export interface TensorListing {
  readonly file: string;
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

/** What {@link inspectCheckpoint} read: the safetensors files (the model's first) and, for a checkpoint directory, its metadata. */
export interface InspectedCheckpoint {
  /** The checkpoint directory, or undefined for a lone `.safetensors` file. */
  readonly directory?: string;
  readonly metadata?: CheckpointMetadata;
  /** Each file's path and decoded contents (no tensors made). */
  readonly files: ReadonlyArray<readonly [string, SafetensorsContents]>;
  readonly tensors: readonly TensorListing[];
}

/**
 * Reads a checkpoint for inspection: a checkpoint directory (or a save root,
 * whose latest checkpoint it reads), its files checked against the sizes and
 * SHA-256 checksums in `checkpoint.json`, or one `.safetensors` file. Makes
 * no tensor.
 *
 * @throws NotFoundError when `path` does not exist; CheckpointError or DataFormatError naming the bad file.
 */
export async function inspectCheckpoint(path: string): Promise<InspectedCheckpoint> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new NotFoundError(`checkpoint not found: ${path} (${error.code ?? error.message})`, { cause: error });
  });
  if (info.isFile()) return withTensors({ files: [[path, await readSafetensorsFile(path)]] });
  const { directory, metadata } = await readCheckpointMetadata(path);
  const bytes: Record<string, Uint8Array> = {};
  // Read no more than the metadata records: a longer file shows as too long, however large it is.
  for (const file of [MODEL_FILE, OPTIMIZER_FILE] as const) bytes[file] = await readBoundedFile(join(directory, file), metadata.files[file].bytes);
  const { contents } = await verifyCheckpointFiles(bytes, metadata, directory);
  return withTensors({ directory, metadata, files: contents.map(([file, decoded]) => [join(directory, file), decoded] as const) });
}

function withTensors(read: Omit<InspectedCheckpoint, 'tensors'>): InspectedCheckpoint {
  const tensors = read.files.flatMap(([file, contents]) => [...contents.tensors].map(([name, entry]) => ({ file, name, dtype: entry.dtype, shape: [...entry.shape] })));
  return { ...read, tensors };
}

/**
 * Checks that the tensors of a model file load into `model`, by the same
 * check resuming uses (`fromTorchStateDict`); disposes what it made.
 *
 * @throws CheckpointError naming every missing, unexpected, mis-shaped or mis-typed tensor.
 */
export function checkTensorsFitModel(model: Module, contents: SafetensorsContents, file: string): void {
  const dict: Record<string, tf.Tensor> = {};
  try {
    for (const [name, entry] of contents.tensors) dict[name] = fromSafetensorsTensor(name, entry, file);
    const converted = fromTorchStateDict(model, dict, file);
    for (const tensor of Object.values(converted)) tensor.dispose();
  } finally {
    for (const tensor of Object.values(dict)) tensor.dispose();
  }
}

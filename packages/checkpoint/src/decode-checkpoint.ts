import type * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, DataFormatError } from '@nnlab/core';
import { type CheckpointMetadata, parseCheckpointMetadata } from './checkpoint-metadata.js';
import { METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-names.js';
import { decodeSafetensors } from './decode-safetensors.js';
import type { CheckpointFiles } from './encode-checkpoint.js';
import type { SafetensorsContents } from './safetensors-dtype.js';
import { sha256Hex } from './sha256-hex.js';
import { fromSafetensorsTensor } from './tensor-codec.js';

/** A checkpoint read and verified (by `loadCheckpoint` or {@link decodeCheckpoint}); its tensors belong to the caller. */
export interface LoadedCheckpoint {
  /** Where it was read from: the checkpoint directory (`DIR/checkpoint-00000250`), or a store's name for it. */
  readonly directory: string;
  readonly metadata: CheckpointMetadata;
  /** Model parameters and buffers by PyTorch name, in PyTorch's axis order. */
  readonly model: Record<string, tf.Tensor>;
  /** Optimizer state tensors by nnlab key (`<state>.<parameter>`). */
  readonly optimizer: Record<string, tf.Tensor>;
  /** Floating-point tensors holding NaN or infinity, as `file: name` (a run saved after it diverged). */
  readonly nonFinite: string[];
  /** Disposes every tensor above. */
  dispose(): void;
}

/**
 * Checks a checkpoint's tensor files against its metadata (size and SHA-256
 * recorded in `checkpoint.json`) and decodes their safetensors structure,
 * naming the float tensors that hold NaN or infinity. Makes no tensor.
 *
 * @param where the checkpoint's directory or a store's name for it, for messages
 * @throws CheckpointError naming the file and the problem (missing, truncated, checksum mismatch, not safetensors).
 */
export async function verifyCheckpointFiles(
  files: CheckpointFiles,
  metadata: CheckpointMetadata,
  where: string,
): Promise<{ contents: Array<[string, SafetensorsContents]>; nonFinite: string[] }> {
  const contents: Array<[string, SafetensorsContents]> = [];
  const nonFinite: string[] = [];
  for (const file of [MODEL_FILE, OPTIMIZER_FILE] as const) {
    const filePath = `${where}/${file}`;
    const record = metadata.files[file];
    const bytes = files[file];
    if (bytes === undefined) throw new CheckpointError(`${filePath} is missing`);
    if (bytes.length !== record.bytes) {
      throw new CheckpointError(`${filePath} is ${bytes.length} bytes, but ${METADATA_FILE} records ${record.bytes} (truncated or replaced file)`);
    }
    const sha256 = await sha256Hex(bytes);
    if (sha256 !== record.sha256) {
      throw new CheckpointError(`${filePath}: checksum mismatch (SHA-256 ${sha256}, ${METADATA_FILE} records ${record.sha256}); the file is corrupt`);
    }
    let decoded: SafetensorsContents;
    try {
      decoded = decodeSafetensors(bytes, filePath);
    } catch (error) {
      if (error instanceof DataFormatError) throw new CheckpointError(error.message, { cause: error });
      throw error;
    }
    for (const [name, entry] of decoded.tensors) {
      if ((entry.data instanceof Float32Array || entry.data instanceof Float64Array) && !entry.data.every(Number.isFinite)) nonFinite.push(`${file}: ${name}`);
    }
    contents.push([file, decoded]);
  }
  return { contents, nonFinite };
}

/**
 * Decodes the files of one checkpoint (as {@link encodeCheckpoint} made them
 * and any `CheckpointStore` returns them) into tensors, after verifying the
 * metadata's format and version, each tensor file's size and SHA-256, and
 * the safetensors structure. Runs in Node and in browsers.
 *
 * @param where the checkpoint's directory or a store's name for it, for messages
 * @throws CheckpointError naming the file and the problem.
 * @example
 * const checkpoint = await decodeCheckpoint(await store.read('demo'), 'indexeddb:demo');
 * checkpoint.dispose();
 */
export async function decodeCheckpoint(files: CheckpointFiles, where: string): Promise<LoadedCheckpoint> {
  const metadataBytes = files[METADATA_FILE];
  if (metadataBytes === undefined) throw new CheckpointError(`${where}/${METADATA_FILE} is missing`);
  const metadata = parseCheckpointMetadata(new TextDecoder().decode(metadataBytes), `${where}/${METADATA_FILE}`);
  return tensorsOf(where, metadata, await verifyCheckpointFiles(files, metadata, where));
}

/** Makes the tensors of verified contents; disposes what it made when one fails. */
export function tensorsOf(where: string, metadata: CheckpointMetadata, verified: { contents: Array<[string, SafetensorsContents]>; nonFinite: string[] }): LoadedCheckpoint {
  const tensors: Record<string, Record<string, tf.Tensor>> = {};
  const all: tf.Tensor[] = [];
  try {
    for (const [file, decoded] of verified.contents) {
      const entries: Array<[string, tf.Tensor]> = [];
      for (const [name, entry] of decoded.tensors) {
        const tensor = fromSafetensorsTensor(name, entry, `${where}/${file}`);
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
    directory: where,
    metadata,
    model: tensors[MODEL_FILE] ?? {},
    optimizer: tensors[OPTIMIZER_FILE] ?? {},
    nonFinite: verified.nonFinite,
    dispose: () => {
      for (const tensor of all) tensor.dispose();
    },
  };
}

/** The error for a checkpoint whose tensors hold NaN or infinity (`names` as in {@link LoadedCheckpoint.nonFinite}). */
export function nonFiniteError(directory: string, names: readonly string[]): CheckpointError {
  const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` and ${names.length - 4} more` : '');
  return new CheckpointError(`${directory} holds NaN or infinite values (${shown}): the run had diverged before this checkpoint was saved`);
}

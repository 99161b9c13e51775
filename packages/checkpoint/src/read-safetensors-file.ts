import { NotFoundError } from '@nnlab/core';
import { decodeSafetensors } from './decode-safetensors.js';
import { readBoundedFile } from './read-bounded-file.js';
import type { SafetensorsContents } from './safetensors-dtype.js';

/** Largest `.safetensors` file read: 2 GiB (half a billion float32 values). */
export const MAX_SAFETENSORS_FILE_BYTES = 2 ** 31;

/**
 * Reads and strictly decodes a `.safetensors` file (see {@link decodeSafetensors}).
 * Memory is bounded by the file's real size (at most {@link MAX_SAFETENSORS_FILE_BYTES}),
 * never by what its header claims; a FIFO or device is refused without blocking.
 *
 * @throws NotFoundError when the file does not exist; CheckpointError when it is too big or not a regular file; DataFormatError naming the file when it is not valid.
 * @example
 * const { tensors } = await readSafetensorsFile('runs/a/checkpoint-00000250/model.safetensors');
 */
export async function readSafetensorsFile(path: string): Promise<SafetensorsContents> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedFile(path, MAX_SAFETENSORS_FILE_BYTES);
  } catch (error) {
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new NotFoundError(`safetensors file not found: ${path}`, { cause: error });
    throw error;
  }
  return decodeSafetensors(bytes, path);
}

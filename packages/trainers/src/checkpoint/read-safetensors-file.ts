import { readFile } from 'node:fs/promises';
import { NotFoundError } from '@nnlab/core';
import { decodeSafetensors } from './decode-safetensors.js';
import type { SafetensorsContents } from './safetensors-dtype.js';

/**
 * Reads and strictly decodes a `.safetensors` file (see {@link decodeSafetensors}).
 * Memory is bounded by the file's real size, never by what its header claims.
 *
 * @throws NotFoundError when the file does not exist; DataFormatError naming the file when it is not valid.
 * @example
 * const { tensors } = await readSafetensorsFile('runs/a/checkpoint-00000250/model.safetensors');
 */
export async function readSafetensorsFile(path: string): Promise<SafetensorsContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`safetensors file not found: ${path}`, { cause: error });
    throw error;
  }
  return decodeSafetensors(bytes, path);
}

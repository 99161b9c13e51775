import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CheckpointError } from '@nnlab/core';

/**
 * Reads a file of at most `limit` bytes (checkpoint files, safetensors files). The file is opened
 * without blocking (a FIFO put in its place opens at once instead of waiting
 * for a writer), then checked to be a regular file on the open descriptor
 * (so nothing can be swapped in between the check and the read), and read up
 * to `limit` + 1 bytes, so a longer file shows as too long however it grows.
 *
 * @throws CheckpointError naming the file: missing, not a regular file, or over `limit`.
 */
export async function readBoundedFile(path: string, limit: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CheckpointError(`${path} is missing; the checkpoint is incomplete`, { cause: error });
    throw new CheckpointError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new CheckpointError(`${path} is not a regular file (a directory, FIFO or device)`);
    if (stats.size > limit) throw new CheckpointError(`${path} is ${stats.size} bytes, more than the ${limit} expected (corrupt or replaced file)`);
    const buffer = new Uint8Array(Math.min(stats.size, limit) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw new CheckpointError(`${path} is more than the ${limit} bytes expected (corrupt or replaced file)`);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    await handle.close();
  }
}

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { DataFormatError, NotFoundError } from '@nnlab/core';

/** Largest IDX or MAT file read (2 GiB, compressed or not), and the most a gzip or zlib stream in one may inflate to. */
export const MAX_DATA_FILE_BYTES = 2 ** 31;
/** Largest image file of an image folder read (64 MiB): far above any real PNG or JPEG of a dataset image. */
export const MAX_IMAGE_FILE_BYTES = 64 * 2 ** 20;

/**
 * Reads a dataset file of at most `limit` bytes. It is opened without
 * blocking (a FIFO named `x.png` or given as `mat:` opens at once instead of
 * waiting forever for a writer), checked to be a regular file on the open
 * descriptor (`/dev/zero`, a FIFO, a socket or a directory is refused, and
 * nothing can be swapped in between the check and the read), and read up to
 * `limit` + 1 bytes, so a file that grows while it is read is caught too.
 *
 * @param what what the file should be, with its article, for messages ("an IDX file", "a MAT-file")
 * @throws NotFoundError when it does not exist; DataFormatError naming the file when it is not a regular file, is over `limit` or cannot be read.
 * @example
 * const bytes = await readBoundedFile('train.idx', MAX_DATA_FILE_BYTES, 'an IDX file');
 */
export async function readBoundedFile(path: string, limit: number, what: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`${what.replace(/^an? /, '')} ${path} does not exist`, { cause: error });
    throw new DataFormatError(`cannot read: ${(error as Error).message}`, path, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new DataFormatError(`is a directory; expected ${what}`, path);
    if (!stats.isFile()) throw new DataFormatError(`is not a regular file (a FIFO, socket or device); expected ${what}`, path);
    if (stats.size > limit) throw new DataFormatError(`is ${stats.size} bytes, over the ${limit}-byte limit for ${what}`, path);
    const buffer = new Uint8Array(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    // It grew while being read: read no more than was stated, and say so.
    if (length > stats.size) throw new DataFormatError(`grew while it was read; expected ${what} that stays as it is`, path);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof DataFormatError) throw error;
    throw new DataFormatError(`cannot read: ${(error as Error).message}`, path, { cause: error });
  } finally {
    await handle.close();
  }
}

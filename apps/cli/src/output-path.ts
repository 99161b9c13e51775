import { lstat, mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { CREATE_NEW_FILE } from '@nnlab/core/node';

/**
 * Checks an output directory option (`--report DIR`, `--out DIR`) before any
 * work starts: it is created if missing, must be a directory, and a file must
 * be creatable in it. A run that would only fail when it writes its results
 * (after all its training) fails now instead.
 *
 * @throws InvalidArgumentError naming the flag, the path and what is wrong.
 * @example
 * await checkOutputDirectory('--report', options.report);
 */
export async function checkOutputDirectory(flag: string, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) throw new InvalidArgumentError(`${flag} ${dir} is a file, not a directory`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InvalidArgumentError(`${flag} ${dir}: cannot create the directory (${describe(error)})`, { cause: error });
  }
  await probe(flag, dir, dir);
}

/**
 * Checks an output file option (`--preview FILE`, `--output FILE`) before any
 * work starts: its directory must exist and be writable, and the path must
 * not be a directory or a symbolic link (nnlab never writes through one).
 *
 * @throws InvalidArgumentError naming the flag, the path and what is wrong.
 */
export async function checkOutputFile(flag: string, file: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isDirectory() === true) throw new InvalidArgumentError(`${flag} ${file} is a directory; give a file name`);
  if (info?.isSymbolicLink() === true) throw new InvalidArgumentError(`${flag} ${file} is a symbolic link; nnlab does not write through links, give another file name`);
  if (info !== undefined && !info.isFile()) throw new InvalidArgumentError(`${flag} ${file} is not a regular file (a FIFO, socket or device)`);
  const parent = dirname(file);
  const parentInfo = await stat(parent).catch(() => undefined);
  if (parentInfo === undefined) throw new InvalidArgumentError(`${flag} ${file}: the directory ${parent} does not exist`);
  if (!parentInfo.isDirectory()) throw new InvalidArgumentError(`${flag} ${file}: ${parent} is not a directory`);
  await probe(flag, file, parent);
}

/** Creates and removes a new file in `dir` (never following a link), proving it writable. */
async function probe(flag: string, shown: string, dir: string): Promise<void> {
  const path = join(dir, `.nnlab-write-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    await (await open(path, CREATE_NEW_FILE, 0o600)).close();
  } catch (error) {
    throw new InvalidArgumentError(`${flag} ${shown} is not writable (${describe(error)})`, { cause: error });
  }
  await rm(path, { force: true });
}

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

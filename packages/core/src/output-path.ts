import { lstat, mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidArgumentError } from './errors.js';
import { CREATE_NEW_FILE } from './write-file-atomic.js';

/**
 * Checks an output directory option (a report folder, a checkpoint
 * directory) before any work starts: it is created if missing, must be a
 * directory, and a file must be creatable in it. A run that would only fail
 * when it writes its results (after all its training) fails now instead.
 *
 * @param option how the option is named in messages (`saveDir`; the CLI passes its flag, `--report`)
 * @throws InvalidArgumentError naming the option, the path and what is wrong.
 * @example
 * await checkOutputDirectory('reportDir', options.reportDir);
 */
export async function checkOutputDirectory(option: string, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) throw new InvalidArgumentError(`${option} ${dir} is a file, not a directory`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InvalidArgumentError(`${option} ${dir}: cannot create the directory (${describe(error)})`, { cause: error });
  }
  await probe(option, dir, dir);
}

/**
 * Checks an output file option (a preview image, an exported model) before
 * any work starts: its directory must exist and be writable, and the path
 * must not be a directory or a symbolic link (nnlab never writes through one).
 *
 * @param option how the option is named in messages (the CLI passes its flag, `--output`)
 * @throws InvalidArgumentError naming the option, the path and what is wrong.
 */
export async function checkOutputFile(option: string, file: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isDirectory() === true) throw new InvalidArgumentError(`${option} ${file} is a directory; give a file name`);
  if (info?.isSymbolicLink() === true) throw new InvalidArgumentError(`${option} ${file} is a symbolic link; nnlab does not write through links, give another file name`);
  if (info !== undefined && !info.isFile()) throw new InvalidArgumentError(`${option} ${file} is not a regular file (a FIFO, socket or device)`);
  const parent = dirname(file);
  const parentInfo = await stat(parent).catch(() => undefined);
  if (parentInfo === undefined) throw new InvalidArgumentError(`${option} ${file}: the directory ${parent} does not exist`);
  if (!parentInfo.isDirectory()) throw new InvalidArgumentError(`${option} ${file}: ${parent} is not a directory`);
  await probe(option, file, parent);
}

/** Creates and removes a new file in `dir` (never following a link), proving it writable. */
async function probe(option: string, shown: string, dir: string): Promise<void> {
  const path = join(dir, `.nnlab-write-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    await (await open(path, CREATE_NEW_FILE, 0o600)).close();
  } catch (error) {
    throw new InvalidArgumentError(`${option} ${shown} is not writable (${describe(error)})`, { cause: error });
  }
  await rm(path, { force: true });
}

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to `path` through a temporary file in the same directory and
 * a rename, so readers (and a crash or Ctrl-C mid-write) see either the old
 * file or the new one, never half of one.
 *
 * @example
 * await writeFileAtomic('out/results.json', JSON.stringify(summary));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

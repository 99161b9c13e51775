import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `data` to `path` through a temporary file in the same directory,
 * fsynced, and a rename, so readers (and a crash, Ctrl-C or power cut
 * mid-write) see either the old file or the new one, never half of one.
 *
 * @example
 * await writeFileAtomic('out/results.json', JSON.stringify(summary));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      // Without it a power cut after the rename can leave an empty file under the new name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

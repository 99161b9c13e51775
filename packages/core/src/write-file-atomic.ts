import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';

/** Flags that create a new file and never follow a link: a name that exists (a symlink planted there included) fails with EEXIST. */
export const CREATE_NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes `data` to `path` through a temporary file in the same directory,
 * fsynced, and a rename, so readers (and a crash, Ctrl-C or power cut
 * mid-write) see either the old file or the new one, never half of one.
 * Nothing is written through a link: the temporary file is created new
 * (`O_EXCL | O_NOFOLLOW`), and the rename replaces a symbolic link at `path`
 * itself, never the file it points to.
 *
 * @example
 * await writeFileAtomic('out/results.json', JSON.stringify(summary));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let created = false;
  try {
    const handle = await open(temporary, CREATE_NEW_FILE, 0o644);
    created = true;
    try {
      await handle.writeFile(data);
      // Without it a power cut after the rename can leave an empty file under the new name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    // Only a file this call created is removed: on EEXIST the name belongs to someone else.
    if (created) await rm(temporary, { force: true });
    throw error;
  }
}

import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';

/**
 * The file operations a checkpoint save needs, as a seam for tests that
 * inject faults (a full disk, a crash half-way through a write). Every
 * method must be durable when it resolves: `writeFile` has flushed the data
 * to disk (fsync), `syncDirectory` has flushed a directory's entries.
 */
export interface CheckpointFileSystem {
  /** Creates `path` as a new file (never through a link: fails when the name exists), writes all of `data`, fsyncs and closes it. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Flushes the directory's entries (new names, renames) to disk. */
  syncDirectory(path: string): Promise<void>;
  /** Atomically renames a file or directory (replacing a file at `to`). */
  rename(from: string, to: string): Promise<void>;
  /** Creates a directory and any missing parents. */
  mkdir(path: string): Promise<void>;
  /** Removes a file or directory tree; no error when it does not exist. */
  remove(path: string): Promise<void>;
  /** Names in a directory. */
  readdir(path: string): Promise<string[]>;
}

/** The real file system, with fsync after every write and on directories. */
export const nodeCheckpointFileSystem: CheckpointFileSystem = {
  async writeFile(path, data) {
    // Every file of a save gets a fresh random name: an existing one (a planted symlink) is refused, never followed.
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async syncDirectory(path) {
    // Windows cannot open a directory for fsync; its renames are durable without it.
    if (process.platform === 'win32') return;
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename,
  async mkdir(path) {
    await mkdir(path, { recursive: true });
  },
  async remove(path) {
    await rm(path, { recursive: true, force: true });
  },
  readdir: async (path) => readdir(path),
};

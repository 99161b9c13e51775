import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { type CheckpointFileSystem, nodeCheckpointFileSystem } from '../checkpoint-file-system.js';
import { METADATA_FILE, scratchName } from '../checkpoint-names.js';
import { readBoundedFile } from '../read-bounded-file.js';
import { MAX_SAFETENSORS_FILE_BYTES } from '../read-safetensors-file.js';
import { assertCheckpointStoreName, type CheckpointStore } from './checkpoint-store.js';

/** Options of {@link directoryCheckpointStore}. */
export interface DirectoryCheckpointStoreOptions {
  /** File operations (tests inject faults here); default the real file system with fsync. */
  readonly fileSystem?: CheckpointFileSystem;
}

/**
 * A {@link CheckpointStore} in a directory (Node): checkpoint `name` is the
 * folder `root/name` holding the same three files `saveCheckpoint` writes, so
 * `restoreCheckpoint('root/name')`, `nnlab checkpoint inspect` and PyTorch
 * read it too. A write goes to a fresh hidden folder that is fsynced and then
 * renamed into place (an older checkpoint of that name is moved aside first
 * and removed after), so a crash leaves the old checkpoint or the new one.
 *
 * @example
 * import { directoryCheckpointStore } from '@nnlab/checkpoint/node';
 * await saveCheckpointTo(directoryCheckpointStore('runs/saved'), 'best', { model, optimizer, epoch: 3, step: 375 });
 */
export function directoryCheckpointStore(root: string, options: DirectoryCheckpointStoreOptions = {}): CheckpointStore {
  if (typeof root !== 'string' || root === '') throw new InvalidArgumentError(`checkpoint store directory must be a non-empty path, got ${JSON.stringify(root)}`);
  const fs = options.fileSystem ?? nodeCheckpointFileSystem;
  const exists = async (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
  return {
    description: root,
    async write(name, files) {
      assertCheckpointStoreName(name);
      await fs.mkdir(root);
      const temp = join(root, scratchName('tmp', name));
      const old = join(root, scratchName('old', name));
      try {
        await fs.mkdir(temp);
        for (const [file, bytes] of Object.entries(files)) await fs.writeFile(join(temp, file), bytes);
        await fs.syncDirectory(temp);
        const replacing = await exists(join(root, name));
        if (replacing) await fs.rename(join(root, name), old);
        await fs.rename(temp, join(root, name));
        await fs.syncDirectory(root);
        if (replacing) await fs.remove(old);
      } catch (error) {
        await fs.remove(temp).catch(() => undefined);
        // Put the previous checkpoint back when the new one did not take its place.
        if ((await exists(old)) && !(await exists(join(root, name)))) await fs.rename(old, join(root, name)).catch(() => undefined);
        throw error;
      }
    },
    async read(name) {
      assertCheckpointStoreName(name);
      const directory = join(root, name);
      if (!(await exists(join(directory, METADATA_FILE)))) return undefined;
      const files: Record<string, Uint8Array> = {};
      for (const file of await fs.readdir(directory)) files[file] = await readBoundedFile(join(directory, file), MAX_SAFETENSORS_FILE_BYTES);
      return files;
    },
    async list() {
      const entries = await fs.readdir(root).catch(() => [] as string[]);
      const names: string[] = [];
      for (const entry of entries) if (!entry.startsWith('.') && (await exists(join(root, entry, METADATA_FILE)))) names.push(entry);
      return names.sort();
    },
    async remove(name) {
      assertCheckpointStoreName(name);
      await fs.remove(join(root, name));
    },
  };
}

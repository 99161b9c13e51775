import { statfs } from 'node:fs/promises';
import { CheckpointError } from '@nnlab/core';

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;

/**
 * Bytes a run's checkpoints need on disk for a model of `parameters`
 * numbers: float32 weights plus up to two optimizer moments (Adam) per
 * checkpoint, and `keep + 1` checkpoints at once (a save writes the new one
 * before it removes the oldest), plus 64 KiB of JSON and slack each.
 */
export function checkpointBytesNeeded(parameters: number, keep: number): number {
  return (keep + 1) * (parameters * 4 * 3 + 65536);
}

/** Options of {@link checkFreeSpace}: how options are named in its message (the CLI passes its flags). */
export interface CheckFreeSpaceOptions {
  /** The save directory's option (default `saveDir`). */
  readonly option?: string;
  /** The option that sets how many checkpoints are kept (default `keepCheckpoints`). */
  readonly keepOption?: string;
}

/**
 * Fails before training when the file system of `dir` has less than
 * `bytesNeeded` available to this user, rather than after the first epoch's
 * work. Says nothing when free space cannot be measured (the first save then
 * reports any problem and keeps the previous checkpoint).
 *
 * @throws CheckpointError naming the directory, the free and the needed space.
 * @example
 * await checkFreeSpace('runs/mnist', checkpointBytesNeeded(model.numParameters(), 2));
 */
export async function checkFreeSpace(dir: string, bytesNeeded: number, options: CheckFreeSpaceOptions = {}): Promise<void> {
  const { option = 'saveDir', keepOption = 'keepCheckpoints' } = options;
  let free: number;
  try {
    const stats = await statfs(dir);
    free = Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return;
  }
  if (free < bytesNeeded) {
    throw new CheckpointError(
      `${option} ${dir} has ${megabytes(free)} free, but its checkpoints of this model need about ${megabytes(bytesNeeded)}; ` +
        `free some space, lower ${keepOption} or choose another ${option} directory`,
    );
  }
}

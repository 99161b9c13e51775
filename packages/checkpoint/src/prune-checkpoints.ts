import { join } from 'node:path';
import type { CheckpointFileSystem } from './checkpoint-file-system.js';
import { scratchOwner, sortCheckpointNames } from './checkpoint-names.js';

/** True when a process with this id is running (signal 0 probes without signalling). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * After a save: removes checkpoints beyond the newest `keep` (never
 * `current`, the one `latest` names, and removing older revisions of its step
 * first) and scratch directories left by crashed saves (their process is
 * gone, or it is this process and the save is no longer in progress).
 * Best effort: a failure here never fails the save that just succeeded.
 */
export async function pruneCheckpoints(
  fs: CheckpointFileSystem,
  dir: string,
  current: string,
  keep: number,
  inProgress: ReadonlySet<string>,
): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return;
  }
  const checkpoints = sortCheckpointNames(entries);
  const currentStep = checkpoints.find((entry) => entry.name === current)?.step;
  // keep = Infinity: remove no checkpoint, superseded revisions included (only scratch left by crashed saves).
  const superseded = keep === Number.POSITIVE_INFINITY ? [] : checkpoints.filter((entry) => entry.step === currentStep && entry.name !== current);
  const others = checkpoints.filter((entry) => entry.step !== currentStep);
  const removals = [...superseded, ...others.slice(0, Math.max(0, others.length - (keep - 1)))].map((entry) => entry.name);
  for (const name of entries) {
    const owner = scratchOwner(name);
    if (owner === undefined || inProgress.has(join(dir, name))) continue;
    if (owner !== process.pid && isAlive(owner)) continue;
    removals.push(name);
  }
  for (const name of removals) await fs.remove(join(dir, name)).catch(() => undefined);
}

import { closeSync, constants, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CheckpointError } from '@nnlab/core';

/** Name of the lock directory inside a save directory. */
export const SAVE_LOCK_NAME = '.nnlab.lock';
/** A lock whose holder has not refreshed it for this long is stale (its process died). */
export const SAVE_LOCK_STALE_MS = 10_000;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** Options of {@link lockSaveDirectory}. */
export interface LockSaveDirectoryOptions {
  /** How the directory's option is named in messages (default `saveDir`; the CLI passes `--save`). */
  readonly option?: string;
  /** Told when the lock was lost while held (removed by hand); default: a warning on stderr. */
  readonly onCompromised?: (message: string) => void;
}

/**
 * Takes the lock of a save directory so that two training runs never write
 * checkpoints into the same place. proper-lockfile makes the
 * lock (an atomic `mkdir` of `DIR/.nnlab.lock`, refreshed every few seconds, with
 * the holder's pid and host in `DIR/.nnlab.lock.owner`)
 * and releases it when the process exits; a lock left by a killed process is
 * taken over once it is {@link SAVE_LOCK_STALE_MS} old, or at once when it
 * names a process of this machine that no longer exists.
 *
 * @returns a function that releases the lock (idempotent).
 * @throws CheckpointError naming the directory and the process holding it.
 * @example
 * const release = await lockSaveDirectory('runs/a');
 * try { ... } finally { release(); }
 */
export async function lockSaveDirectory(dir: string, lockOptions: LockSaveDirectoryOptions = {}): Promise<() => void> {
  const option = lockOptions.option ?? 'saveDir';
  const onCompromised = lockOptions.onCompromised ?? ((message: string) => process.stderr.write(`nnlab: warning: ${message}\n`));
  // Imported here, not at the top: proper-lockfile installs signal-exit's SIGINT/SIGTERM listeners when it
  // loads, and with a listener Node no longer ends the process on Ctrl-C by itself (the listener runs only
  // when the event loop gets a turn). Commands that never lock keep Node's default.
  const { default: lockfile } = await import('proper-lockfile');
  const lockPath = join(dir, SAVE_LOCK_NAME);
  const ownerPath = `${lockPath}.owner`;
  const options = { lockfilePath: lockPath, realpath: false, stale: SAVE_LOCK_STALE_MS, retries: 0 };
  const take = async (): Promise<void> => {
    // The default throws from a timer (an uncaught crash) when the lock is removed under us; a warning is enough.
    await lockfile.lock(dir, { ...options, onCompromised: (error: Error) => onCompromised(`lock ${lockPath} was lost: ${error.message}`) });
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    // Beside the lock, not in it: proper-lockfile removes the lock with rmdir, which needs it empty.
    writeOwner(ownerPath, owner);
  };
  try {
    await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
      throw new CheckpointError(`${option} ${dir}: cannot take the lock ${lockPath}: ${(error as Error).message}`, { cause: error });
    }
    const owner = readOwner(ownerPath);
    if (owner === undefined || owner.host !== hostname() || isAlive(owner.pid)) {
      const who = owner === undefined ? 'another process' : `process ${owner.pid} on ${owner.host} (since ${owner.since})`;
      throw new CheckpointError(
        `${option} ${dir} is in use by ${who}: another nnlab run is saving checkpoints there; wait for it, choose another ${option} directory, ` +
          `or, if no such run exists, delete ${lockPath}`,
        { cause: error },
      );
    }
    // The holder was killed (SIGKILL, power cut) on this machine: its lock is stale now, not in 10 s.
    rmSync(lockPath, { recursive: true, force: true });
    await take();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(ownerPath, { force: true });
    try {
      lockfile.unlockSync(dir, options);
    } catch {
      // Already gone (compromised or removed by hand): nothing left to release.
    }
  };
}

/**
 * Writes the owner file as a new file, never through a link: whatever is at
 * the name (a symlink to someone's file, a stale owner file) is removed
 * first, and the create fails if anything appears there again. We hold the
 * lock, so no other nnlab writes here.
 */
function writeOwner(ownerPath: string, owner: LockOwner): void {
  rmSync(ownerPath, { force: true });
  const fd = openSync(ownerPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
}

/** The owner file's contents: a small regular file, opened without following links or blocking on a FIFO. */
function readOwner(ownerPath: string): LockOwner | undefined {
  try {
    const fd = openSync(ownerPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    let text = '';
    try {
      if (!fstatSync(fd).isFile()) return undefined;
      const buffer = Buffer.alloc(4096);
      text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
    const value = JSON.parse(text) as Partial<LockOwner>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? { pid: value.pid, host: value.host, since: String(value.since) } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

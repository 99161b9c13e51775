import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockSaveDirectory, SAVE_LOCK_NAME } from './save-lock.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-lock-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** A lock as a live or dead run leaves it: the lock directory and its owner file. */
async function fakeLock(dir: string, owner: { pid: number; host: string }, ageSeconds = 0): Promise<void> {
  await mkdir(join(dir, SAVE_LOCK_NAME), { recursive: true });
  await writeFile(join(dir, `${SAVE_LOCK_NAME}.owner`), JSON.stringify({ ...owner, since: new Date().toISOString() }));
  const when = new Date(Date.now() - ageSeconds * 1000);
  await utimes(join(dir, SAVE_LOCK_NAME), when, when);
}

describe('lockSaveDirectory', () => {
  it('takes over a lock not refreshed for longer than the stale time (a holder on another machine that died)', async () => {
    const dir = join(root, 'stale');
    await fakeLock(dir, { pid: 1, host: 'another-host' }, 60);
    const release = await lockSaveDirectory(dir);
    release();
    await fakeLock(dir, { pid: 1, host: 'another-host' }, 0);
    await expect(lockSaveDirectory(dir)).rejects.toThrow(new RegExp(`^saveDir ${dir} is in use by process 1 on another-host .*choose another saveDir directory`));
  });

  it('refuses a second lock from the same process until the first is released, naming the option as told', async () => {
    const dir = join(root, 'twice');
    await mkdir(dir, { recursive: true });
    const release = await lockSaveDirectory(dir);
    await expect(lockSaveDirectory(dir, { option: '--save' })).rejects.toThrow(new RegExp(`^--save ${dir} is in use by process ${process.pid}`));
    release();
    (await lockSaveDirectory(dir))();
  });
});

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { loadCheckpoint } from '@nnlab/checkpoint/node';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

// Injected file-system faults under the real `nnlab train --save` (in process): the CLI's own
// write probe and free-space check, and the checkpoint writer (temp directory, fsync, rename).
// Permissions cannot simulate EACCES here (tests may run as root, who ignores mode bits).
const faults = vi.hoisted(() => ({
  fail: undefined as undefined | ((operation: 'write' | 'rename' | 'readdir', path: string) => string | undefined),
  freeBytes: undefined as number | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const check = (operation: 'write' | 'rename' | 'readdir', path: unknown): void => {
    const code = faults.fail?.(operation, String(path));
    if (code !== undefined) throw Object.assign(new Error(`${code}: injected fault, ${operation} '${String(path)}'`), { code });
  };
  return {
    ...real,
    open: async (path: string, flags?: string | number, mode?: number) => {
      if (flags === 'w' || (typeof flags === 'number' && (flags & 3) !== 0)) check('write', path);
      return real.open(path, flags, mode);
    },
    writeFile: async (path: string, ...rest: unknown[]) => {
      check('write', path);
      return (real.writeFile as (...a: unknown[]) => Promise<void>)(path, ...rest);
    },
    readdir: async (path: string, ...rest: unknown[]) => {
      check('readdir', path);
      return (real.readdir as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    },
    rename: async (from: string, to: string) => {
      check('rename', to);
      return real.rename(from, to);
    },
    statfs: async (path: string) => {
      const stats = await real.statfs(path);
      return faults.freeBytes === undefined ? stats : { ...stats, bavail: Math.floor(faults.freeBytes / stats.bsize) };
    },
  };
});

// 64 examples (no validation split) in batches of 32: 2 steps per epoch, so checkpoint-00000002 after epoch 1, -00000004 after epoch 2.
const SMALL = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '64', '--batch-size', '32', '--validation-split', '0', '--no-progress'];
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-faults-'));
  await cpuBackend.activate();
});
afterAll(async () => rm(root, { recursive: true, force: true }));
afterEach(() => {
  faults.fail = undefined;
  faults.freeBytes = undefined;
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('nnlab train --save with injected file-system faults', () => {
  it('an unwritable --save directory (EACCES) is refused before any data is loaded', async () => {
    const dir = join(root, 'unwritable');
    faults.fail = (operation, path) => (operation === 'write' && path.includes('.nnlab-write-test-') ? 'EACCES' : undefined);
    const result = await run([...SMALL, '--epochs', '1', '--save', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`nnlab: error: --save ${dir} is not writable (EACCES)\n`);
    expect(result.out).toBe('');
  });

  it.each([
    ['a new --save', (dir: string) => ['--save', dir]],
    ['--resume', (dir: string) => ['--resume', dir]],
  ])('%s directory that cannot be read (EACCES) is an error naming it, and nothing in it is touched', async (_label, flags) => {
    const dir = join(root, `unreadable-${_label.length}`);
    expect((await run([...SMALL, '--epochs', '1', '--save', dir])).code).toBe(0);
    const before = await readdir(join(dir, 'checkpoint-00000002'));
    faults.fail = (operation, path) => (operation === 'readdir' && path === dir ? 'EACCES' : undefined);
    const result = await run([...SMALL, '--epochs', '2', '--seed', '7', ...flags(dir)]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^nnlab: error: (--save ${dir} cannot be read \\(|--resume: cannot read the checkpoint directory ${dir}: )EACCES`));
    expect(result.err.trim().split('\n')).toHaveLength(1);
    faults.fail = undefined;
    expect(await readdir(join(dir, 'checkpoint-00000002'))).toEqual(before);
  });

  it('a disk without room for the checkpoints is refused before the first step', async () => {
    const dir = join(root, 'full');
    faults.freeBytes = 100_000;
    const result = await run([...SMALL, '--epochs', '1', '--save', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^nnlab: error: --save ${dir} has 0\\.1\\d MB free, but its checkpoints of this model need about 0\\.\\d+ MB; free some space`));
    expect(result.out).not.toMatch(/^epoch /m);
    // The lock was released: with room again, the same directory trains.
    faults.freeBytes = undefined;
    expect((await run([...SMALL, '--epochs', '1', '--save', dir])).code).toBe(0);
  });

  it.each([
    ['ENOSPC writing model.safetensors', (operation: string, path: string) => (operation === 'write' && path.includes('.tmp-checkpoint-00000004') && path.endsWith('model.safetensors') ? 'ENOSPC' : undefined)],
    ['EACCES renaming the checkpoint into place', (operation: string, path: string) => (operation === 'rename' && path.endsWith('checkpoint-00000004') ? 'EACCES' : undefined)],
    ['EIO writing the latest pointer', (operation: string, path: string) => (operation === 'write' && path.includes('.tmp-latest') && faultOnSecond() ? 'EIO' : undefined)],
  ])('%s after epoch 2: exits 1 naming the kept checkpoint, which loads; --resume then finishes', async (label, fail) => {
    const dir = join(root, label.split(' ')[0] as string);
    faults.fail = fail as typeof faults.fail;
    const failed = await run([...SMALL, '--epochs', '3', '--save', dir]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/^epoch 2\/3 /m);
    const lines = failed.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^nnlab: error: could not save checkpoint checkpoint-00000004 in ${dir}: E[A-Z]+: injected fault, .*; the previous checkpoint ${dir}/checkpoint-00000002 is kept$`));
    const kept = await loadCheckpoint(dir);
    kept.dispose();
    expect(kept.metadata.position).toEqual({ epoch: 1, batchesDone: 0, globalStep: 2 });

    faults.fail = undefined;
    const resumed = await run([...SMALL, '--epochs', '3', '--resume', dir]);
    expect(resumed.code, resumed.err).toBe(0);
    // --resume takes the newest checkpoint that verifies: after a failed pointer update, the complete
    // checkpoint-00000004 renamed into place before it (the others never got that far).
    expect(resumed.out).toMatch(label.startsWith('EIO') ? /resuming from .*checkpoint-00000004 \(epoch 2, step 4\)/ : /resuming from .*checkpoint-00000002 \(epoch 1, step 2\)/);
    const final = await loadCheckpoint(dir);
    final.dispose();
    expect(final.metadata.position.globalStep).toBe(6);
    expect((await readdir(dir)).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  });
});

let latestWrites = 0;
/** True from the second write of the latest pointer on (the first, after epoch 1, succeeds). */
function faultOnSecond(): boolean {
  latestWrites += 1;
  return latestWrites >= 2;
}

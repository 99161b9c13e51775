import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpointMetadata, SAVE_LOCK_NAME } from '@nnlab/checkpoint/node';
import { main } from './program.js';
import { encodeMat } from './reliability/mat-writer.test-helper.js';
import { captureOutput } from './test-output.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-safety-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const SMALL = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '64', '--batch-size', '32', '--no-progress'];
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A lock as a live or dead `nnlab train` leaves it: the lock directory and its owner file. */
async function fakeLock(dir: string, owner: { pid: number; host: string }): Promise<void> {
  await mkdir(join(dir, SAVE_LOCK_NAME), { recursive: true });
  await writeFile(join(dir, `${SAVE_LOCK_NAME}.owner`), JSON.stringify({ ...owner, since: new Date().toISOString() }));
}

describe('--save lock', () => {
  it('a second run pointed at a locked --save DIR refuses before loading data; a dead holder\'s lock is recovered', async () => {
    const dir = join(root, 'locked');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await fakeLock(dir, { pid: holder.pid as number, host: hostname() });
    const refused = await run([...SMALL, '--epochs', '1', '--save', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(new RegExp(`^nnlab: error: --save ${dir} is in use by process ${holder.pid} on `));
    expect(refused.out).not.toMatch(/training/); // refused before any data was loaded
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const recovered = await run([...SMALL, '--epochs', '1', '--save', dir]);
    expect(recovered.code, recovered.err).toBe(0);
    expect(existsSync(join(dir, SAVE_LOCK_NAME))).toBe(false); // released at the end
    expect((await readCheckpointMetadata(dir)).metadata.position.epoch).toBe(1);
  });
});

describe('bad hyperparameters', () => {
  it('sgd without --lr fails before any data is loaded', async () => {
    const result = await run([...SMALL, '--optimizer', 'sgd', '--dataset', 'mnist:/no/such/folder']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^nnlab: error: sgd requires learningRate/);
  });
});

describe('NaN and infinite losses', () => {
  it('exit 3 naming epoch, step and learning rate, keeping the last good checkpoint', async () => {
    const dir = join(root, 'diverge');
    // Epoch 1 trains (and is checkpointed) at 0.1; the schedule makes epoch 2's rate 1e29.
    const diverged = await run([...SMALL, '--epochs', '2', '--optimizer', 'sgd', '--lr', '0.1', '--scheduler', 'exponential:gamma=1e30', '--save', dir]);
    expect(diverged.code, diverged.err).toBe(3);
    const lines = diverged.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nnlab: error: training diverged: .* at epoch 2, step \d+ \(learning rate [\d.]+e\+29\).*try a smaller learning rate.*last good checkpoint is kept in .*--on-nan skip/);
    const { metadata } = await readCheckpointMetadata(dir);
    expect(metadata.position.epoch).toBe(1);
    expect(existsSync(join(dir, SAVE_LOCK_NAME))).toBe(false);
  });

  it('--on-nan skip skips the batches with a NaN example, warns, and finishes', async () => {
    const n = 40;
    const x = Array.from({ length: n * 4 }, (_, i) => ((i * 7) % 11) / 10);
    for (const row of [1, 5, 9, 13, 21, 29]) x[row] = Number.NaN; // column-major: row r of column 0
    const path = join(root, 'nan.mat');
    await writeFile(path, encodeMat([{ name: 'X', dims: [n, 4], values: x }, { name: 'y', dims: [n, 1], values: Array.from({ length: n }, (_, i) => (i % 2) + 1) }]));
    const args = ['train', '--model', 'mlp:4-8-2', '--dataset', `mat:${path},shape=2x2`, '--backend', 'cpu', '--batch-size', '4', '--epochs', '2', '--no-normalize', '--no-progress', '--optimizer', 'sgd', '--lr', '0.1'];
    const stopped = await run(args);
    expect(stopped.code, stopped.out + stopped.err).toBe(3);
    const skipped = await run([...args, '--on-nan', 'skip', '--json']);
    expect(skipped.code, skipped.err).toBe(0);
    expect(skipped.err).toMatch(/nnlab: warning: skipped the update of epoch 1, step \d+: loss NaN/);
    expect(skipped.err.match(/warning: skipped/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});

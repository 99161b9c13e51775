import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SweepSummary } from '@nnlab/sweeps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';
import { redisUnavailable, startRedis, type TestRedis } from '@nnlab/testing/redis';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const skip = redisUnavailable() ?? (existsSync(bin) ? undefined : `${bin} is not built (pnpm build; CI builds first)`);
if (skip !== undefined) console.warn(`skipping the queue strategy tests: ${skip}`);

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

// Real Redis and real `nnlab worker` processes: ASHA's promotions go through the queue.
describe.skipIf(skip !== undefined)('nnlab sweep --queue --strategy asha, and workers after instant trials', () => {
  let redis: TestRedis;
  const workers: ChildProcess[] = [];
  const startWorker = (...extra: string[]): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    workers.push(child);
    return new Promise((resolve, reject) => {
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('waiting for trials')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`nnlab worker exited with ${code} before it was ready`)));
    });
  };

  beforeAll(async () => {
    redis = await startRedis();
    await Promise.all([startWorker(), startWorker('--concurrency', '2')]);
  }, 60_000);
  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await redis?.dispose();
  });

  it('runs ASHA on the workers: promotions are enqueued as results arrive, the best third reach --max-epochs', async () => {
    const io = captureOutput();
    const argv = ['sweep', '--model', 'mlp:784-{hidden}-10', '--strategy', 'asha', '--max-epochs', '3', '--reduction', '3', '--trials', '6', '--seed', '1'];
    const flags = ['--space', 'lr=loguniform:1e-3:3e-2', '--space', 'hidden=int:4:16', '--limit', '300', '--batch-size', '50', '--backend', 'cpu', '--no-progress'];
    expect(await main([...argv, ...flags, '--queue', redis.url, '--json'], io)).toBe(0);
    const summary = io.lastJson() as unknown as SweepSummary;
    expect(summary).toMatchObject({ strategy: 'asha', total: 6, completed: 6, failed: 0, pending: 0 });
    const epochs = summary.trials.map((t) => t.epochsRun);
    expect(epochs.every((e) => e === 1 || e === 3)).toBe(true);
    expect(epochs.filter((e) => e === 3).length).toBeGreaterThanOrEqual(2);
    expect(summary.epochsTrained).toBe(6 + 3 * epochs.filter((e) => e === 3).length);

    // --attach rebuilds the same ASHA sweep from Redis and collects its results without training again.
    const again = captureOutput();
    expect(await main(['sweep', '--queue', redis.url, '--attach', summary.sweepId, '--json', '--no-progress'], again)).toBe(0);
    expect(again.lastJson()).toMatchObject({ sweepId: summary.sweepId, strategy: 'asha', total: 6, completed: 6, pending: 0 });
  }, 90_000);

  it('finishes a sweep of zero-length trials and the workers exit promptly on SIGTERM (it used to hang)', async () => {
    const io = captureOutput();
    // hidden=0 fails at once (bad model), --limit 1 trains a single one-example step.
    const argv = ['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=0,1,2', '--grid', 'seed=1,2,3', '--epochs', '1', '--limit', '1', '--validation-split', '0', '--backend', 'cpu', '--no-progress'];
    expect(await main([...argv, '--queue', redis.url, '--retries', '0', '--json'], io)).toBe(0);
    expect(io.lastJson()).toMatchObject({ total: 9, completed: 6, failed: 3, pending: 0 });
    const started = performance.now();
    for (const child of workers) child.kill('SIGTERM');
    expect(await Promise.all(workers.map(exited))).toEqual(workers.map(() => 0));
    expect(performance.now() - started).toBeLessThan(5000);
  }, 30_000);
});

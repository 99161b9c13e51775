import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SweepSummary } from '@nnlab/sweeps';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';
import { QUEUE_NAME, queueConnection } from '@nnlab/sweeps/node';
import { redisUnavailable, startRedis, type TestRedis } from '@nnlab/testing/redis';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const skip = redisUnavailable() ?? (existsSync(bin) ? undefined : `${bin} is not built (pnpm build; CI builds first)`);
if (skip !== undefined) console.warn(`skipping the queue sweep tests: ${skip}`);

// The headline proof: real Redis, real `nnlab worker` processes, one SIGKILLed mid-trial.
describe.skipIf(skip !== undefined)('nnlab sweep --queue with nnlab worker processes', () => {
  let redis: TestRedis;
  let dir: string;
  const workers: ChildProcess[] = [];
  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [bin, 'worker', '--queue', redis.url, '--stalled-after', '1500'], { stdio: ['ignore', 'ignore', 'pipe'] });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    redis = await startRedis(true);
    dir = await mkdtemp(join(tmpdir(), 'nnlab-queue-sweep-'));
    for (let i = 0; i < 3; i++) startWorker();
  });
  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every trial exactly once though a worker is killed mid-trial, and --attach collects them again after a Redis restart', async () => {
    // Watch the queue; SIGKILL the worker of the first trial that has been running a while.
    const queue = new Queue(QUEUE_NAME, { connection: queueConnection(redis.url) });
    let killed: { jobId: string; worker: string } | undefined;
    const watcher = setInterval(() => {
      if (killed !== undefined) return;
      void queue.getActive().then((jobs) => {
        const job = jobs.find((j) => j.processedOn !== undefined && Date.now() - j.processedOn > 300);
        const pid = Number(job?.processedBy?.split('-').pop());
        const child = workers.find((w) => w.pid === pid);
        if (job === undefined || child === undefined || killed !== undefined) return;
        killed = { jobId: job.id ?? '', worker: job.processedBy ?? '' };
        child.kill('SIGKILL');
      });
    }, 100);

    const io = captureOutput();
    const out = join(dir, 'sweep');
    const argv = ['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=0,8,16,24', '--grid', 'lr=1e-3,1e-2', '--epochs', '4', '--limit', '1000', '--batch-size', '20', '--backend', 'cpu'];
    const code = await main([...argv, '--queue', redis.url, '--retries', '1', '--out', out, '--json'], io);
    clearInterval(watcher);
    const summary = io.lastJson() as unknown as SweepSummary;
    expect(code).toBe(0);
    expect(summary).toMatchObject({ total: 8, completed: 6, failed: 2, pending: 0 });
    expect(new Set(summary.trials.map((t) => t.trialId)).size).toBe(8);
    for (const trial of summary.trials.filter((t) => t.status === 'failed')) expect(trial.error).toMatch(/model "mlp:784-0-10": layer sizes/);
    expect(summary.trials.filter((t) => t.status === 'completed').every((t) => t.epochsRun === 4 && (t.metrics.testAccuracy ?? 0) > 0.3)).toBe(true);

    // The killed worker's trial was handed to another worker and finished there.
    expect(killed).toBeDefined();
    const handedOver = summary.trials.find((t) => `${summary.sweepId}-${t.trialId}` === killed?.jobId);
    expect(handedOver?.worker).not.toBe(killed?.worker);
    expect(io.err()).toMatch(/died: stopped answering mid-trial/);
    const csv = await readFile(join(out, 'results.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(9);

    // Results live in Redis: after a restart (append-only file on), --attach collects the same ones without training.
    await queue.close();
    await redis.stop();
    await redis.start();
    const again = captureOutput();
    expect(await main(['sweep', '--queue', redis.url, '--attach', summary.sweepId, '--json'], again)).toBe(0);
    const attached = again.lastJson() as unknown as SweepSummary;
    expect(attached).toMatchObject({ sweepId: summary.sweepId, total: 8, completed: 6, failed: 2, pending: 0 });
    expect(attached.trials.map((t) => [t.trialId, t.metrics.testAccuracy])).toEqual(summary.trials.map((t) => [t.trialId, t.metrics.testAccuracy]));
  }, 90_000);

  it('says which sweep ids exist when --attach names an unknown one', async () => {
    const io = captureOutput();
    expect(await main(['sweep', '--queue', redis.url, '--attach', 'nope'], io)).toBe(1);
    expect(io.err()).toMatch(/nnlab: error: --attach nope: no sweep with this id/);
  });
});

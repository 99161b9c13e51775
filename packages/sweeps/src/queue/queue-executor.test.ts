import { createTrial } from '../trial.js';
import type { SweepEvent } from '../sweep-executor.js';
import type { TrialOutcome } from '../trial-result.js';
import { type Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME, queueConnection } from './queue-connection.js';
import { QueueExecutor } from './queue-executor.js';
import type { TrialPayload } from './queue-payload.js';
import { redisUnavailable, startRedis, type TestRedis } from '@nnlab/testing/redis';

const skip = redisUnavailable();
if (skip !== undefined) console.warn(`skipping the QueueExecutor tests: ${skip}`);

const base = { model: 'mlp:784-8-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 50, optimizer: 'adam', seed: 0, normalize: true };
const trials = [0.1, 0.2, 0.3].map((lr, index) => createTrial(base, { lr }, { sweepId: 'retry-sweep', index }));
const outcome = (lr: number): TrialOutcome => ({ history: [{ epoch: 1, loss: lr, accuracy: 0.5, seconds: 0 } as never], backend: 'fake' });

// The executor against a real Redis, with an in-process BullMQ worker standing in for `nnlab worker`.
describe.skipIf(skip !== undefined)('QueueExecutor', () => {
  let redis: TestRedis;
  let worker: Worker<TrialPayload, TrialOutcome>;
  const attempts = new Map<string, number>();
  beforeAll(async () => {
    redis = await startRedis();
    worker = new Worker<TrialPayload, TrialOutcome>(
      QUEUE_NAME,
      async (job: Job<TrialPayload, TrialOutcome>) => {
        const lr = job.data.trial.job.learningRate ?? 0;
        attempts.set(job.data.trial.id, (attempts.get(job.data.trial.id) ?? 0) + 1);
        if (lr === 0.2 && job.attemptsMade === 0) throw new Error('flaky machine'); // succeeds on the retry
        if (lr === 0.3) throw new Error(`always fails at lr ${lr}`);
        return outcome(lr);
      },
      { connection: queueConnection(redis.url), name: 'test-worker' },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await redis?.dispose();
  });

  it('retries failed trials, reports the ones that keep failing with their error, and records each trial once', async () => {
    const events: SweepEvent[] = [];
    const executor = new QueueExecutor({ url: redis.url, retries: 2, pollMs: 100 });
    const results = await executor.run(trials, (event) => events.push(event));
    const byLr = new Map(results.map((r) => [r.job.learningRate, r]));
    expect(results).toHaveLength(3);
    expect(byLr.get(0.1)).toMatchObject({ status: 'completed', worker: 'test-worker', epochsRun: 1, metrics: { trainLoss: 0.1 } });
    expect(byLr.get(0.2)).toMatchObject({ status: 'completed', metrics: { trainLoss: 0.2 } });
    expect(byLr.get(0.3)).toMatchObject({ status: 'failed', error: 'always fails at lr 0.3' });
    expect([...attempts.values()].sort()).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.type === 'trial-finished')).toHaveLength(3);
    expect(events.some((e) => e.type === 'trial-started' && e.worker === 'test-worker')).toBe(true);

    // Enqueueing the same trials again adds nothing: the results come back from Redis, nothing is retrained.
    const again = await new QueueExecutor({ url: redis.url, pollMs: 100 }).run(trials, () => {});
    expect(again.map((r) => r.status).sort()).toEqual(['completed', 'completed', 'failed']);
    expect([...attempts.values()].sort()).toEqual([1, 2, 3]);
  }, 30_000);

  it('stops collecting when aborted and returns what finished', async () => {
    const controller = new AbortController();
    controller.abort();
    const pending = [createTrial(base, { lr: 0.5 }, { sweepId: 'aborted', index: 0 })];
    await worker.pause();
    expect(await new QueueExecutor({ url: redis.url }).run(pending, () => {}, { signal: controller.signal })).toEqual([]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandGrid } from '../expand-grid.js';
import { parseGrid } from '../sweep-grid.js';
import type { SweepEvent } from '../sweep-executor.js';
import type { TrainingJob } from '../training-job.js';
import { describe, expect, it } from 'vitest';
import { LocalProcessExecutor } from './local-process-executor.js';

const workerPath = fileURLToPath(new URL('./fixtures/fake-trial-worker.mjs', import.meta.url));
const base: TrainingJob = { model: 'fake:{kind}', dataset: 'none', backend: 'cpu', epochs: 2, batchSize: 1, optimizer: 'adam', seed: 0, normalize: false };
const trialsOf = (...kinds: string[]) => expandGrid({ base, grids: [parseGrid(`kind=${kinds.join(',')}`)] }).trials;

describe('LocalProcessExecutor (with a fake worker script)', () => {
  it('runs trials in parallel worker processes and reports progress', async () => {
    const events: SweepEvent[] = [];
    const barrier = await mkdtemp(join(tmpdir(), 'nnlab-barrier-'));
    process.env.FAKE_WORKER_BARRIER = barrier;
    let results;
    try {
      results = await new LocalProcessExecutor({ workers: 2, workerPath }).run(trialsOf('a', 'b', 'c', 'd'), (e) => events.push(e));
    } finally {
      delete process.env.FAKE_WORKER_BARRIER;
      await rm(barrier, { recursive: true, force: true });
    }
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(new Set(results.map((r) => r.backend)).size).toBe(2); // two processes, each waited for the other
    expect(new Set(results.map((r) => r.worker))).toEqual(new Set(['local-1', 'local-2']));
    expect(results.every((r) => r.epochsRun === 2 && r.metrics.validationAccuracy === 0.52)).toBe(true);
    expect(events.filter((e) => e.type === 'trial-started')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'trial-epoch')).toHaveLength(4);
  });

  it('fails only the trial whose worker died or threw, replaces the worker and finishes the rest', async () => {
    const events: SweepEvent[] = [];
    // One worker, so the trials after the crash can only run on its replacement.
    const results = await new LocalProcessExecutor({ workers: 1, workerPath }).run(trialsOf('a', 'crash', 'b', 'throw', 'c', 'd'), (e) => events.push(e));
    const byKind = Object.fromEntries(results.map((r) => [r.parameters.kind, r]));
    expect(results).toHaveLength(6);
    expect(byKind.crash?.status).toBe('failed');
    expect(byKind.crash?.error).toMatch(/^worker local-\d \(pid \d+\) exited with code 3: out of memory \(simulated\) while running this trial$/);
    expect(byKind.crash?.epochsRun).toBe(1); // the epoch it reported before dying is kept
    expect(byKind.throw).toMatchObject({ status: 'failed', error: 'model "throw": bad' });
    for (const kind of ['a', 'b', 'c', 'd']) expect(byKind[kind]?.status).toBe('completed');
    expect(events.filter((e) => e.type === 'worker-exited')).toHaveLength(1);
    expect(results.map((r) => r.worker)).toEqual(['local-1', 'local-1', 'local-2', 'local-2', 'local-2', 'local-2']);
  });

  it('gives up with a clear error when workers cannot start', async () => {
    process.env.FAKE_WORKER_FAIL_START = '1';
    try {
      const results = await new LocalProcessExecutor({ workers: 2, workerPath, startupFailureLimit: 2 }).run(trialsOf('a', 'b', 'c'), () => {});
      expect(results).toHaveLength(3);
      for (const result of results) {
        expect(result.status).toBe('failed');
        expect(result.error).toMatch(/worker processes fail to start: worker local-\d \(pid \d+\) exited with code 5: cannot start: no backend/);
      }
    } finally {
      delete process.env.FAKE_WORKER_FAIL_START;
    }
  });

  it('stops handing out trials when aborted', async () => {
    const controller = new AbortController();
    const results = await new LocalProcessExecutor({ workers: 1, workerPath }).run(
      trialsOf('a', 'b', 'c', 'd'),
      (e) => {
        if (e.type === 'trial-finished') controller.abort();
      },
      { signal: controller.signal },
    );
    expect(results).toHaveLength(1);
  });

  it('validates its options', () => {
    expect(() => new LocalProcessExecutor({ workers: 0 })).toThrow(/workers must be an integer >= 1, got 0/);
  });
});

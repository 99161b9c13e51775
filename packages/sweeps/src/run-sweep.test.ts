import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessExecutor } from './in-process-executor.js';
import { planSweep } from './plan-sweep.js';
import { runSweep } from './run-sweep.js';
import { parseGrid } from './sweep-grid.js';
import type { SweepSummary } from './sweep-summary.js';
import type { TrainingJob } from './training-job.js';
import type { SweepEvent } from './sweep-executor.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-run-sweep-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const base: TrainingJob = { model: 'mlp:784-{h}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 32, optimizer: 'adam', seed: 0, normalize: true };
// A made-up trial: its validation accuracy is h / 100; h = 8 fails.
const executor = inProcessExecutor(async (trial) => {
  const h = Number(trial.parameters.h);
  if (h === 8) throw new Error('h 8 fails');
  return { history: [{ epoch: 1, loss: 1, accuracy: 0.5, validationLoss: 1, validationAccuracy: h / 100, seconds: 1, samplesPerSec: 1 }] as never, test: { loss: 1, accuracy: h / 100 } };
});

describe('runSweep', () => {
  it('runs the planned trials, forwards events, ranks the results and keeps them on disk', async () => {
    const plan = planSweep({ grid: [parseGrid('h=4,8,16')], metric: 'validationAccuracy', seed: 0 }, base);
    const events: SweepEvent['type'][] = [];
    const summary = await runSweep(plan, executor, { base, metric: 'validationAccuracy', out: dir, onEvent: (event) => events.push(event.type) });
    expect(summary).toMatchObject({ sweepId: plan.sweepId, total: 3, completed: 2, failed: 1, pending: 0 });
    expect(summary.best?.parameters).toEqual({ h: 16 });
    expect(events.filter((type) => type === 'trial-finished')).toHaveLength(3);
    const onDisk = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as SweepSummary;
    expect(onDisk.trials).toHaveLength(3);
    expect(await readFile(join(dir, 'results.csv'), 'utf8')).toContain('h');

    // Resumed: the kept results count, only the missing trials run.
    const kept = summary.trials.filter((t) => t.status === 'completed');
    const todo = plan.trials.filter((trial) => !kept.some((result) => result.trialId === trial.id));
    const ran: string[] = [];
    const resumed = await runSweep(plan, executor, { base, metric: 'validationAccuracy', kept, trials: todo, onEvent: (event) => event.type === 'trial-finished' && ran.push(event.result.trialId) });
    expect(ran).toEqual(todo.map((t) => t.id));
    expect(resumed).toMatchObject({ completed: 2, failed: 1 });
  });
});

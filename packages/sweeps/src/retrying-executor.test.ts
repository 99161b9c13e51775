import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AshaScheduler } from './asha.js';
import { expandGrid } from './expand-grid.js';
import { parseGrid } from './sweep-grid.js';
import type { SweepEvent } from './sweep-executor.js';
import type { TrainingJob } from './training-job.js';
import type { TrialResult } from './trial-result.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalProcessExecutor } from './local/local-process-executor.js';
import { RetryingExecutor } from './retrying-executor.js';

const workerPath = fileURLToPath(new URL('./local/fixtures/fake-trial-worker.mjs', import.meta.url));
const base: TrainingJob = { model: 'fake:{kind}', dataset: 'none', backend: 'cpu', epochs: 2, batchSize: 1, optimizer: 'adam', seed: 0, normalize: false };
const trialsOf = (...kinds: string[]) => expandGrid({ base, grids: [parseGrid(`kind=${kinds.join(',')}`)] }).trials;

let state = '';
beforeEach(async () => {
  state = await mkdtemp(join(tmpdir(), 'nnlab-retry-'));
  process.env.FAKE_WORKER_STATE = state;
});
afterEach(async () => {
  delete process.env.FAKE_WORKER_STATE;
  await rm(state, { recursive: true, force: true });
});

describe('RetryingExecutor over local worker processes (fake worker script)', () => {
  it('retries a trial whose worker died or that hit an internal error, once by default; bad settings are not retried', async () => {
    const events: SweepEvent[] = [];
    const retried: Array<[string, number, number]> = [];
    const executor = new RetryingExecutor(new LocalProcessExecutor({ workers: 2, workerPath }), {
      onRetry: (result, attempt, attempts) => retried.push([String(result.parameters.kind), attempt, attempts]),
    });
    const results = await executor.run(trialsOf('a', 'die-once', 'internal-once', 'crash', 'throw'), (e) => events.push(e));
    const byKind = Object.fromEntries(results.map((r) => [r.parameters.kind, r])) as Record<string, TrialResult>;
    expect(results).toHaveLength(5); // one result per trial: its last attempt
    expect(byKind.a?.status).toBe('completed');
    expect(byKind['die-once']?.status).toBe('completed');
    expect(byKind['internal-once']?.status).toBe('completed');
    expect(byKind.crash).toMatchObject({ status: 'failed', error: expect.stringMatching(/exited with code 3: out of memory \(simulated\) while running this trial$/) });
    expect(byKind.throw).toMatchObject({ status: 'failed', error: 'model "throw": bad' });
    expect(retried.sort()).toEqual([['crash', 1, 2], ['die-once', 1, 2], ['internal-once', 1, 2]]);
    // Reported as finished once each; the retried attempts' failures only went to onRetry.
    expect(events.filter((e) => e.type === 'trial-finished')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'trial-started')).toHaveLength(8);
  });

  it('with retries 0, a dead worker fails its trial at once', async () => {
    const results = await new RetryingExecutor(new LocalProcessExecutor({ workers: 1, workerPath }), { retries: 0 }).run(trialsOf('die-once'), () => {});
    expect(results).toMatchObject([{ status: 'failed', error: expect.stringMatching(/^worker local-1 \(pid \d+\) exited with code 9 while running this trial$/) }]);
    expect(() => new RetryingExecutor(new LocalProcessExecutor({ workers: 1 }), { retries: -1 })).toThrow(/retries must be an integer >= 0, got -1/);
  });

  it('retries under ASHA too: a configuration whose worker died is run again before the rung is ranked', async () => {
    const asha = () => new AshaScheduler({ base: { ...base, epochs: 3 }, configurations: [{ kind: 'a' }, { kind: 'b' }, { kind: 'die-once' }], maxEpochs: 3, reduction: 3, metric: 'validationAccuracy' });
    const retried: string[] = [];
    const events: SweepEvent[] = [];
    const executor = new RetryingExecutor(new LocalProcessExecutor({ workers: 2, workerPath }), { onRetry: (result, attempt) => retried.push(`${String(result.parameters.kind)} ${attempt}`) });
    const results = await executor.run(asha(), (e) => events.push(e));
    // Rung 1 (1 epoch): all three, die-once on its second attempt; rung 2 (3 epochs): the best third, 1 configuration.
    expect(results.filter((r) => r.epochsRun === 1)).toHaveLength(3);
    expect(results.filter((r) => r.epochsRun === 3)).toHaveLength(1);
    expect(results.every((r) => r.status === 'completed')).toBe(true);
    expect(retried.length).toBeGreaterThanOrEqual(1); // once in rung 1, again if die-once was promoted (a new trial)
    expect(retried.every((line) => line === 'die-once 1')).toBe(true);
    expect(events.filter((e) => e.type === 'trial-finished')).toHaveLength(4);

    // Without retries the dead configuration fails and is not promoted; the sweep still ends.
    const once = await new RetryingExecutor(new LocalProcessExecutor({ workers: 2, workerPath }), { retries: 0 }).run(
      new AshaScheduler({ base: { ...base, epochs: 3 }, configurations: [{ kind: 'a' }, { kind: 'b' }, { kind: 'fresh-die-once' }], maxEpochs: 3, reduction: 3, metric: 'validationAccuracy' }),
      () => {},
    );
    expect(once.filter((r) => r.status === 'failed').map((r) => r.parameters.kind)).toEqual(['fresh-die-once']);
    expect(once.filter((r) => r.epochsRun === 3).map((r) => r.parameters.kind)).not.toContain('fresh-die-once');
  });
});

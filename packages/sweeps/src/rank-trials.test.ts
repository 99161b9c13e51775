import { describe, expect, it } from 'vitest';
import type { EpochLog } from '@nnlab/trainers';
import { inProcessExecutor } from './in-process-executor.js';
import { expandGrid } from './expand-grid.js';
import { rankTrials } from './rank-trials.js';
import { sweepResultsCsv } from './sweep-csv.js';
import { parseGrid } from './sweep-grid.js';
import type { SweepEvent } from './sweep-executor.js';
import { summarizeSweep } from './sweep-summary.js';
import type { TrainingJob } from './training-job.js';

const base: TrainingJob = { model: 'mlp:784-{hidden}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 2, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true };
const grids = [parseGrid('hidden=0,8,16'), parseGrid('lr=1e-3,1e-2')];
const plan = expandGrid({ base, grids });

// A fake trainer: accuracy grows with width and learning rate; width 0 throws like a bad model string.
function epochLog(epoch: number, accuracy: number): EpochLog {
  return { epoch, loss: 1 - accuracy, metrics: { accuracy }, accuracy, validationLoss: 1.1 - accuracy, validationAccuracy: accuracy - 0.05, learningRate: 1e-3, seconds: 0.01, samplesPerSec: 1000, steps: 10 };
}

async function runSweep() {
  const events: SweepEvent[] = [];
  const results = await inProcessExecutor(async (trial, onEpoch) => {
    const hidden = trial.parameters.hidden as number;
    if (hidden === 0) throw new Error('model "mlp:784-0-10": layer sizes must be positive');
    const history = [1, 2].map((epoch) => epochLog(epoch, 0.5 + hidden / 100 + (trial.job.learningRate ?? 0) * epoch));
    history.forEach(onEpoch);
    return { history, backend: 'cpu', test: { loss: 0.5, accuracy: 0.5 + hidden / 200 } };
  }).run(plan.trials, (event) => events.push(event));
  return { events, results };
}

describe('sweep results', () => {
  it('runs every trial in process, reporting failures as results', async () => {
    const { events, results } = await runSweep();
    expect(results).toHaveLength(6);
    expect(results.filter((r) => r.status === 'failed').map((r) => r.parameters)).toEqual([{ hidden: 0, lr: 1e-3 }, { hidden: 0, lr: 1e-2 }]);
    expect(results[0]?.error).toMatch(/layer sizes/);
    expect(events.filter((e) => e.type === 'trial-epoch')).toHaveLength(8);
    expect(events.filter((e) => e.type === 'trial-finished')).toHaveLength(6);
  });

  it('ranks by accuracy descending, by loss ascending, failures last', async () => {
    const { results } = await runSweep();
    const byAccuracy = rankTrials(results, 'validationAccuracy');
    expect(byAccuracy.map((r) => r.parameters)).toEqual([
      { hidden: 16, lr: 1e-2 },
      { hidden: 16, lr: 1e-3 },
      { hidden: 8, lr: 1e-2 },
      { hidden: 8, lr: 1e-3 },
      { hidden: 0, lr: 1e-3 },
      { hidden: 0, lr: 1e-2 },
    ]);
    expect(rankTrials(results, 'trainLoss').map((r) => r.trialId)).toEqual(byAccuracy.map((r) => r.trialId));
    // The test scores (measured once, after training) are kept apart from the validation ones ranked by default.
    expect(byAccuracy[0]?.metrics).toMatchObject({ validationAccuracy: 0.5 + 0.16 + 0.02 - 0.05, testAccuracy: 0.5 + 16 / 200, testLoss: 0.5 });
    expect(rankTrials(results).map((r) => r.trialId)).toEqual(byAccuracy.map((r) => r.trialId));
    expect(() => rankTrials(results, 'speed' as 'testLoss')).toThrow(/metric/);
  });

  it('summarises and writes CSV with one row per trial', async () => {
    const { results } = await runSweep();
    const summary = summarizeSweep({ sweepId: plan.sweepId, base, grids, metric: 'validationLoss', total: 8, results, seconds: 1.5 });
    expect(summary).toMatchObject({ completed: 4, failed: 2, pending: 2, order: 'ascending', best: { parameters: { hidden: 16, lr: 1e-2 } } });
    expect(summary.best?.value).toBeCloseTo(1.1 - (0.5 + 0.16 + 0.01 * 2));
    const lines = sweepResultsCsv(summary).trim().split('\n');
    expect(lines[0]).toBe('rank,trialId,status,hidden,lr,validationAccuracy,validationLoss,testAccuracy,testLoss,trainAccuracy,trainLoss,epochs,seconds,backend,error');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^1,[0-9a-f]{16},completed,16,0.01,/);
    expect(lines[6]).toMatch(/^,[0-9a-f]{16},failed,0,0.01,,,,,,,0,\d+\.\d{3},,"?model ""mlp:784-0-10"": layer sizes must be positive"?$/);
  });
});

import { describe, expect, it } from 'vitest';
import { AshaScheduler, ashaRungs } from './asha.js';
import { inProcessExecutor } from './in-process-executor.js';
import { summarizeSweep } from './sweep-summary.js';
import type { Trial } from './trial.js';
import { completedTrial, failedTrial, type TrialResult } from './trial-result.js';
import type { TrainingJob } from './training-job.js';

const base: TrainingJob = { model: 'mlp:784-{hidden}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true };
// Nine configurations; on the synthetic objective hidden=90 is best, hidden=10 worst, at every budget.
const configurations = Array.from({ length: 9 }, (_, i) => ({ hidden: 10 * (i + 1) }));
const accuracy = (trial: Trial): number => (trial.parameters.hidden as number) / 100 + trial.job.epochs / 1000;
const finish = (trial: Trial, score = accuracy(trial)): TrialResult =>
  completedTrial(trial, { history: Array.from({ length: trial.job.epochs }, (_, e) => ({ epoch: e + 1, loss: 1 - score, accuracy: score, validationAccuracy: score, seconds: 0 }) as never) }, 0);
const drain = (asha: AshaScheduler): Trial[] => {
  const out: Trial[] = [];
  for (let next = asha.next(); next !== undefined && next !== 'wait'; next = asha.next()) out.push(next);
  return out;
};

describe('ashaRungs', () => {
  it('puts rungs at max-epochs / reduction^k', () => {
    expect(ashaRungs(9, 3)).toEqual([1, 3, 9]);
    expect(ashaRungs(27, 3)).toEqual([1, 3, 9, 27]);
    expect(ashaRungs(10, 3)).toEqual([1, 3, 10]);
    expect(ashaRungs(8, 2)).toEqual([1, 2, 4, 8]);
    expect(ashaRungs(2, 3)).toEqual([2]);
    expect(() => ashaRungs(9, 1)).toThrow(/reduction must be an integer >= 2/);
    expect(() => ashaRungs(0, 3)).toThrow(/maxEpochs/);
  });
});

describe('AshaScheduler', () => {
  it('promotes the top 1/reduction of each rung, whatever order results arrive in', () => {
    const asha = new AshaScheduler({ base, configurations, maxEpochs: 9, reduction: 3 });
    const first = drain(asha);
    expect(first.map((t) => [t.parameters.hidden, t.job.epochs])).toEqual(configurations.map((c) => [c.hidden, 1]));
    expect(asha.next()).toBe('wait');
    for (const i of [4, 0, 8, 2, 6, 1, 7, 3, 5]) asha.report(finish(first[i] as Trial));
    const second = drain(asha);
    expect(second.map((t) => [t.parameters.hidden, t.job.epochs])).toEqual([[90, 3], [80, 3], [70, 3]]);
    for (const trial of [...second].reverse()) asha.report(finish(trial));
    const third = drain(asha);
    expect(third.map((t) => [t.parameters.hidden, t.job.epochs])).toEqual([[90, 9]]);
    expect(asha.next()).toBe('wait');
    asha.report(finish(third[0] as Trial));
    expect(asha.next()).toBeUndefined();
    // Every rung of every configuration has its own deterministic id.
    const ids = [...first, ...second, ...third].map((t) => t.id);
    expect(new Set(ids).size).toBe(13);
    expect(drain(new AshaScheduler({ base, configurations, maxEpochs: 9, reduction: 3 })).map((t) => t.id)).toEqual(first.map((t) => t.id));
    expect(asha.plannedTrials()).toBe(13);
  });

  it('promotes as soon as a rung has enough results, prefers higher rungs, never promotes failures, and ranks losses ascending', () => {
    const asha = new AshaScheduler({ base, configurations: configurations.slice(0, 6), maxEpochs: 9, reduction: 3, metric: 'validationLoss' });
    const [a, b, c] = [asha.next(), asha.next(), asha.next()] as Trial[];
    const loss = (trial: Trial, value: number): TrialResult =>
      completedTrial(trial, { history: [{ epoch: 1, loss: value, accuracy: 0, validationLoss: value, seconds: 0 } as never] }, 0);
    asha.report(loss(a as Trial, 0.9));
    asha.report(failedTrial(b as Trial, 'out of memory', 0));
    asha.report(loss(c as Trial, 0.5)); // three finished on rung 0: the lowest loss (c) goes up at once
    const promoted = asha.next() as Trial;
    expect([promoted.parameters.hidden, promoted.job.epochs]).toEqual([c?.parameters.hidden, 3]);
    expect((asha.next() as Trial).job.epochs).toBe(1); // nothing else promotable: a new configuration
    const failing = new AshaScheduler({ base, configurations: configurations.slice(0, 3), maxEpochs: 3, reduction: 3 });
    for (const trial of drain(failing)) failing.report(failedTrial(trial, 'bad', 0));
    expect(failing.next()).toBeUndefined();
  });

  it('runs end to end on an executor: the best configuration reaches max-epochs, for a fraction of the grid\'s epochs', async () => {
    const shuffled = [5, 9, 2, 7, 1, 6, 3, 8, 4].map((i) => ({ hidden: 10 * i }));
    const asha = new AshaScheduler({ base, configurations: shuffled, maxEpochs: 9, reduction: 3 });
    const results = await inProcessExecutor(async (trial, onEpoch) => {
      const { history } = finish(trial);
      for (const log of history) onEpoch(log);
      return { history };
    }).run(asha, () => {});
    const summary = summarizeSweep({ sweepId: asha.sweepId, base, grids: [], metric: 'validationAccuracy', total: configurations.length, results, seconds: 1, strategy: 'asha' });
    expect(summary).toMatchObject({ strategy: 'asha', total: 9, completed: 9, pending: 0, best: { parameters: { hidden: 90 } } });
    expect(summary.trials[0]?.epochsRun).toBe(9);
    // Each promotion is decided on the results so far, so ASHA may promote more than synchronous halving
    // (9 x 1 + 3 x 3 + 1 x 9 = 27 epochs, what this order gives); either way far below the grid's 9 x 9 = 81.
    expect(summary.trials.map((t) => [t.parameters.hidden, t.epochsRun])).toEqual([[90, 9], [80, 3], [70, 3], [60, 1], [50, 1], [40, 1], [30, 1], [20, 1], [10, 1]]);
    expect(results.length).toBeGreaterThanOrEqual(asha.plannedTrials());
    expect(summary.epochsTrained).toBe(results.reduce((sum, r) => sum + r.job.epochs, 0));
    expect(summary.epochsTrained).toBe(27);
  });

  it('refuses sweeping epochs and empty configuration lists', () => {
    expect(() => new AshaScheduler({ base, configurations: [{ hidden: 8, epochs: 3 }], maxEpochs: 9 })).toThrow(/do not sweep epochs, use maxEpochs/);
    expect(() => new AshaScheduler({ base, configurations: [], maxEpochs: 9 })).toThrow(/at least one configuration/);
    expect(() => new AshaScheduler({ base, configurations: [{ hidden: 0 }], maxEpochs: 9 })).not.toThrow(); // the model is checked when it trains
  });
});

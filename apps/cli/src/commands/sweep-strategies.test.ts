import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSearchSpace, type SweepSummary, type TrainingJob, planSweep } from '@nnlab/sweeps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { defaultTrialWorkerPath } from '@nnlab/sweeps/node';
import { captureOutput } from '../test-output.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-sweep-strategies-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tiny = ['--epochs', '1', '--limit', '300', '--batch-size', '50', '--backend', 'cpu', '--workers', '2', '--no-progress'];

describe('nnlab sweep --strategy: arguments', () => {
  it.each([
    [['--space', 'lr=loguniform:1e-4:1e-1'], 1, /nnlab: error: --space is only used with --strategy random or asha, not --strategy grid/],
    [['--grid', 'lr=1e-3', '--trials', '3'], 1, /nnlab: error: --trials is only used with --strategy random or asha/],
    [['--grid', 'lr=1e-3', '--strategy', 'random', '--max-epochs', '3'], 1, /nnlab: error: --max-epochs is only used with --strategy asha, not --strategy random/],
    [['--strategy', 'random'], 1, /nnlab: error: --strategy random needs at least one --space/],
    [['--strategy', 'random', '--space', 'lr=loguniform:0:1'], 2, /--space "lr=loguniform:0:1": loguniform needs LOW > 0/],
    [['--strategy', 'random', '--space', 'lr=gauss:1:2'], 2, /--space "lr=gauss:1:2": unknown distribution "gauss"/],
    [['--strategy', 'bayes', '--space', 'lr=uniform:0.1:1'], 2, /--strategy.*bayes/],
    [['--strategy', 'asha', '--space', 'lr=uniform:0.1:1', '--reduction', '1'], 2, /--reduction.*must be an integer >= 2, got "1"/],
    [['--strategy', 'asha', '--space', 'epochs=int:1:3'], 1, /nnlab: error: --strategy asha sets each trial's epochs itself/],
    [['--strategy', 'random', '--space', 'opt=choice:sgd|adam', '--trials', '3'], 1, /nnlab: error: --trials 3 asks for more distinct configurations than the search space holds \(found 2\)/],
  ])('rejects %j before training anything', async (argv, code, message) => {
    const io = captureOutput();
    expect(await main(['sweep', '--model', 'mlp:784-8-10', ...argv], io)).toBe(code);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('draws the same trials for the same seed, and asha over a grid tries every combination', () => {
    const base: TrainingJob = { model: 'mlp:784-{hidden}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 9, batchSize: 50, optimizer: 'adam', seed: 0, normalize: true };
    const options = { grid: [], strategy: 'random' as const, space: ['lr=loguniform:1e-4:1e-1', 'hidden=int:4:64'].map(parseSearchSpace), trials: 5, metric: 'testAccuracy' as const, seed: 0 };
    const plan = planSweep(options, base);
    expect(planSweep(options, base).trials.map((t) => t.id)).toEqual(plan.trials.map((t) => t.id));
    expect(planSweep({ ...options, seed: 1 }, base).sweepId).not.toBe(plan.sweepId);
    const asha = planSweep({ grid: [{ name: 'hidden', values: [4, 8, 16] }], strategy: 'asha', reduction: 3, metric: 'testAccuracy', seed: 0 }, base);
    expect(asha).toMatchObject({ configurations: 3, plannedRuns: 3 + 1 + 0, epochs: 'ASHA rungs of 1/3/9 epochs, the best 1/3 of each rung promoted' });
    expect(asha.trials.map((t) => [t.parameters.hidden, t.job.epochs])).toEqual([[4, 1], [8, 1], [16, 1]]);
  });
});

// Real worker processes from the built CLI (`pnpm test` builds first).
describe('nnlab sweep --strategy: real sweeps in worker processes', () => {
  beforeAll(() => {
    defaultTrialWorkerPath();
  });

  it('random: trains --trials seeded draws, log-uniform within bounds, and writes the drawn values', async () => {
    const io = captureOutput();
    const out = join(dir, 'random');
    const argv = ['sweep', '--model', 'mlp:784-{hidden}-10', '--strategy', 'random', '--trials', '4', '--space', 'lr=loguniform:1e-3:3e-2', '--space', 'hidden=int:8:24', '--seed', '3'];
    expect(await main([...argv, ...tiny, '--out', out, '--json'], io)).toBe(0);
    const summary = io.lastJson() as unknown as SweepSummary;
    expect(summary).toMatchObject({ strategy: 'random', total: 4, completed: 4, pending: 0, epochsTrained: 4 });
    for (const trial of summary.trials) {
      expect(trial.parameters.lr as number).toBeGreaterThanOrEqual(1e-3);
      expect(trial.parameters.lr as number).toBeLessThanOrEqual(3e-2);
      expect(trial.job.learningRate).toBe(trial.parameters.lr);
      expect(trial.job.model).toBe(`mlp:784-${String(trial.parameters.hidden)}-10`);
    }
    expect(summary.grids.map((g) => [g.name, g.values.length])).toEqual([['lr', 4], ['hidden', expect.any(Number)]]);
    expect(io.err()).toMatch(/: 4 trials of mlp:784-\{hidden\}-10 on mnist-10k, 1 epoch each, 2 worker processes/);
    const csv = (await readFile(join(out, 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('rank,trialId,status,lr,hidden,validationAccuracy,validationLoss,testAccuracy,testLoss,trainAccuracy,trainLoss,epochs,seconds,backend,error');
  }, 60_000);

  it('asha: stops the worst configurations after the first rung and promotes the best third to --max-epochs', async () => {
    const io = captureOutput();
    const argv = ['sweep', '--model', 'mlp:784-{hidden}-10', '--strategy', 'asha', '--max-epochs', '3', '--reduction', '3', '--trials', '6'];
    expect(await main([...argv, '--space', 'lr=loguniform:1e-3:3e-2', '--space', 'hidden=int:4:16', ...tiny, '--json'], io)).toBe(0);
    const summary = io.lastJson() as unknown as SweepSummary;
    expect(summary).toMatchObject({ strategy: 'asha', total: 6, completed: 6, failed: 0, pending: 0 });
    const epochs = summary.trials.map((t) => t.epochsRun);
    // Rungs of 1 and 3 epochs; at least 6 // 3 = 2 configurations reach the top rung, the others stop after 1.
    expect(epochs.every((e) => e === 1 || e === 3)).toBe(true);
    expect(epochs.filter((e) => e === 3).length).toBeGreaterThanOrEqual(2);
    expect(epochs.filter((e) => e === 1).length).toBeGreaterThanOrEqual(2);
    // Every configuration trained 1 epoch, each promoted one 3 more (retrained from the start): still below 6 x 3.
    expect(summary.epochsTrained).toBe(6 + 3 * epochs.filter((e) => e === 3).length);
    expect(summary.epochsTrained).toBeLessThan(18);
    expect(io.err()).toMatch(/6 trials of .* ASHA rungs of 1\/3 epochs, the best 1\/3 of each rung promoted, 2 worker processes/);
    // The table's epochs column shows how far each configuration got.
    const header = io.err().split('\n').find((line) => line.includes('test acc')) ?? '';
    expect(header).toMatch(/epochs/);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { randomSearch, sampleConfigurations } from './random-search.js';
import { parseSearchSpace } from './search-space.js';
import { createTrial } from './trial.js';
import type { TrainingJob } from './training-job.js';

const base: TrainingJob = { model: 'mlp:784-{hidden}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 2, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true };
const space = ['lr=loguniform:1e-4:1e-1', 'hidden=int:8:64'].map(parseSearchSpace);

describe('randomSearch', () => {
  it('draws distinct seeded trials whose ids depend only on the fixed options and the values', () => {
    const plan = randomSearch({ base, space, trials: 12, seed: 3 });
    expect(plan.trials).toHaveLength(12);
    expect(randomSearch({ base, space, trials: 12, seed: 3 })).toEqual(plan);
    expect(randomSearch({ base, space, trials: 12, seed: 4 }).trials.map((t) => t.parameters)).not.toEqual(plan.trials.map((t) => t.parameters));
    expect(new Set(plan.trials.map((t) => t.id)).size).toBe(12);
    const [first] = plan.trials;
    expect(first?.job.model).toBe(`mlp:784-${String(first?.parameters.hidden)}-10`);
    expect(first?.job.learningRate).toBe(first?.parameters.lr);
    expect(first?.id).toBe(createTrial(base, first?.parameters ?? {}, { sweepId: 'other', index: 5 }).id);
    // The first trials do not change when more are asked for.
    expect(randomSearch({ base, space, trials: 20, seed: 3 }).trials.slice(0, 12).map((t) => t.id)).toEqual(plan.trials.map((t) => t.id));
    expect(plan.grids.map((g) => g.name)).toEqual(['lr', 'hidden']);
    expect(plan.grids[1]?.values).toEqual([...new Set(plan.trials.map((t) => t.parameters.hidden))].sort((a, b) => Number(a) - Number(b)));
  });

  it('refuses more trials than a discrete space holds, and repeated names', () => {
    const small = ['opt=choice:sgd|adam', 'hidden=int:8:9'].map(parseSearchSpace);
    expect(sampleConfigurations(small, 4, 0)).toHaveLength(4);
    expect(() => sampleConfigurations(small, 5, 0)).toThrow('trials 5 asks for more distinct configurations than the search space holds (found 4)');
    expect(() => sampleConfigurations([...small, parseSearchSpace('opt=choice:sgd')], 1, 0)).toThrow('space opt is given more than once');
    expect(() => sampleConfigurations(small, 0, 0)).toThrow(/trials/);
  });

  it('checks the drawn values against the model and hyperparameters before training', () => {
    expect(() => randomSearch({ base, space: [parseSearchSpace('lr=uniform:-1:-0.5'), space[1]!], trials: 1, seed: 0 })).toThrow(/grid lr: value -0\.\d+ is not allowed/);
  });
});

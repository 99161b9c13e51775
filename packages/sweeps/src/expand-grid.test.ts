import { describe, expect, it } from 'vitest';
import { expandGrid } from './expand-grid.js';
import { parseGrid } from './sweep-grid.js';
import type { TrainingJob } from './training-job.js';

const base: TrainingJob = {
  model: 'mlp:784-{hidden}-10',
  dataset: 'mnist-10k',
  backend: 'cpu',
  epochs: 10,
  batchSize: 64,
  optimizer: 'adam',
  seed: 0,
  normalize: true,
};
const grids = (...texts: string[]) => texts.map(parseGrid);

describe('parseGrid', () => {
  it('reads numbers, booleans and names', () => {
    expect(parseGrid('lr=1e-4, 1e-3,.5')).toEqual({ name: 'lr', values: [1e-4, 1e-3, 0.5] });
    expect(parseGrid('optimizer=sgd,adam')).toEqual({ name: 'optimizer', values: ['sgd', 'adam'] });
    expect(parseGrid('nesterov=true,false')).toEqual({ name: 'nesterov', values: [true, false] });
  });

  it.each([
    ['lr', /must look like name=value1,value2/],
    ['=1,2', /"" is not a parameter name/],
    ['1x=1', /"1x" is not a parameter name/],
    ['lr=1e-3,,1e-2', /no empty entries/],
    ['lr=', /no empty entries/],
    ['lr=1e-3,0.001', /value 0.001 is listed twice/],
  ])('rejects %j', (text, message) => {
    expect(() => parseGrid(text)).toThrow(message);
  });
});

describe('expandGrid', () => {
  it('makes every combination, first grid slowest, filling placeholders and hyperparameters', () => {
    const plan = expandGrid({ base, grids: grids('lr=1e-3,1e-2', 'hidden=100,300', 'weightDecay=0,1e-4') });
    expect(plan.trials).toHaveLength(8);
    expect(plan.trials.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plan.trials[0]?.parameters).toEqual({ lr: 1e-3, hidden: 100, weightDecay: 0 });
    expect(plan.trials[7]?.parameters).toEqual({ lr: 1e-2, hidden: 300, weightDecay: 1e-4 });
    expect(plan.trials[3]?.job).toEqual({ ...base, model: 'mlp:784-300-10', learningRate: 1e-3, weightDecay: 1e-4 });
    expect(new Set(plan.trials.map((t) => t.id)).size).toBe(8);
    for (const trial of plan.trials) {
      expect(trial.sweepId).toBe(plan.sweepId);
      expect(JSON.parse(JSON.stringify(trial))).toEqual(trial); // plain data
    }
  });

  it('gives the same ids for the same settings, whatever the order of keys or other grid values', () => {
    const a = expandGrid({ base, grids: grids('hidden=100,300') });
    const { model, ...rest } = base;
    const b = expandGrid({ base: { ...rest, model }, grids: grids('hidden=100,300') }); // keys in another order
    const c = expandGrid({ base, grids: grids('hidden=300,100,1000') });
    expect(b.trials.map((t) => t.id)).toEqual(a.trials.map((t) => t.id));
    expect(b.sweepId).toBe(a.sweepId);
    expect(c.trials[0]?.id).toBe(a.trials[1]?.id);
    expect(c.sweepId).not.toBe(a.sweepId);
    const otherEpochs = expandGrid({ base: { ...base, epochs: 5 }, grids: grids('hidden=100,300') });
    expect(otherEpochs.trials[0]?.id).not.toBe(a.trials[0]?.id);
  });

  it('maps known names and aliases to job fields and model options', () => {
    const [trial] = expandGrid({
      base: { ...base, model: 'mlp:784-{h}-10' },
      grids: grids('h=8', 'batch-size=32', 'epochs=2', 'optimizer=sgd', 'momentum=0.9', 'nesterov=true', 'dropout=0.2', 'activation=tanh', 'limit=100', 'seed=3'),
    }).trials;
    expect(trial?.job).toMatchObject({
      model: 'mlp:784-8-10,dropout=0.2,activation=tanh',
      batchSize: 32,
      epochs: 2,
      optimizer: 'sgd',
      momentum: 0.9,
      nesterov: true,
      limit: 100,
      seed: 3,
    });
  });

  it('fills a placeholder even when its name is also a hyperparameter', () => {
    const [trial] = expandGrid({ base: { ...base, model: 'mlp:784-100-10,dropout={dropout}' }, grids: grids('dropout=0.5') }).trials;
    expect(trial?.job.model).toBe('mlp:784-100-10,dropout=0.5');
  });

  it('leaves model validity to each trial (a width of 0 only fails its own trial)', () => {
    const plan = expandGrid({ base, grids: grids('hidden=0,8') });
    expect(plan.trials.map((t) => t.job.model)).toEqual(['mlp:784-0-10', 'mlp:784-8-10']);
  });

  it.each([
    [['lr=1e-3'], /placeholder \{hidden\} but no grid hidden=/],
    [['hidden=8', 'width=1,2'], /grid width is neither a \{width\} placeholder in model "mlp:784-\{hidden\}-10" nor a known hyperparameter \(lr, /],
    [['hidden=8', 'hidden=16'], /grid hidden is given more than once/],
    [['hidden=8', 'lr=0,1e-3'], /grid lr: value 0 is not allowed; expected a number > 0/],
    [['hidden=8', 'optimizer=lion'], /grid optimizer: value "lion" is not allowed; expected one of [a-z, ]*\bsgd\b/],
    [['hidden=8', 'batchSize=1.5'], /grid batchSize: value 1.5 is not allowed; expected an integer >= 1/],
    [['hidden=8', 'dropout=1'], /expected a number in \[0, 1\)/],
  ])('rejects grids %j with a clear message', (texts, message) => {
    expect(() => expandGrid({ base, grids: grids(...texts) })).toThrow(message);
  });

  it('rejects a grid that sets what the model string already sets', () => {
    expect(() => expandGrid({ base: { ...base, model: 'mlp:784-100-10,dropout=0.1' }, grids: grids('dropout=0.2') })).toThrow(
      /grid dropout and model "mlp:784-100-10,dropout=0.1" both set dropout/,
    );
  });

  it('makes one trial from no grids', () => {
    const plan = expandGrid({ base: { ...base, model: 'mlp:784-10' }, grids: [] });
    expect(plan.trials).toHaveLength(1);
    expect(plan.trials[0]?.parameters).toEqual({});
  });
});

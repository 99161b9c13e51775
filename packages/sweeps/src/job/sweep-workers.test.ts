import { availableParallelism } from 'node:os';
import { InvalidOptionError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { expandGrid } from '../expand-grid.js';
import { parseGrid } from '../sweep-grid.js';
import { WORKER_PROCESS_BYTES } from './memory-limit.js';
import { sweepWorkers } from './sweep-workers.js';

const base = { model: 'mlp:784-{h}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 32, optimizer: 'adam', seed: 0, normalize: true };
const trials = (values: string) => expandGrid({ base, grids: [parseGrid(`h=${values}`)] }).trials;

describe('sweepWorkers', () => {
  it('runs a worker per core by default, no more than there are trials, and fewer when memory holds fewer', () => {
    const four = trials('4,8,16,32');
    expect(sweepWorkers(four)).toMatchObject({ workers: Math.min(availableParallelism(), 4), cores: availableParallelism() });
    expect(sweepWorkers(four.slice(0, 1)).workers).toBe(1);
    const { perTrialBytes } = sweepWorkers(four);
    expect(perTrialBytes).toBeGreaterThan(0);
    expect(sweepWorkers(four, { maxMemory: perTrialBytes + WORKER_PROCESS_BYTES }).workers).toBe(1);
    expect(sweepWorkers(four, { workers: 3 }).workers).toBe(3);
  });

  it('refuses more workers than memory holds, and a trial over the limit, naming the options', () => {
    const four = trials('4,8,16,32');
    const { perTrialBytes } = sweepWorkers(four);
    expect(() => sweepWorkers(four, { workers: 4, maxMemory: 2 * (perTrialBytes + WORKER_PROCESS_BYTES) })).toThrow(InvalidOptionError);
    expect(() => sweepWorkers(four, { workers: 4, maxMemory: 2 * (perTrialBytes + WORKER_PROCESS_BYTES) })).toThrow(/^workers 4: 4 trials at once/);
    expect(() => sweepWorkers(trials('4000'), { maxMemory: 1e6 })).toThrow(/over the 1 MB limit \(maxMemory\)/);
  });

  it('leaves a trial with a bad model string to fail on its own', () => {
    expect(sweepWorkers(expandGrid({ base: { ...base, model: 'nope' }, grids: [] }).trials).workers).toBe(1);
  });
});

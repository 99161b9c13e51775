import { InvalidOptionError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { resultsToKeep } from './resume-sweep.js';
import type { SweepSummary } from './sweep-summary.js';

const flag = (name: string) => `--${name}`;

describe('resultsToKeep', () => {
  it('refuses the results of another sweep, naming resume, model and grid as options', () => {
    const summary = { sweepId: 'aaaa', base: { model: 'mlp:784-{hidden}-10', epochs: 1 }, grids: [{ name: 'hidden', values: [4, 8] }], trials: [] } as unknown as SweepSummary;
    let error: unknown;
    try {
      resultsToKeep('runs/s', summary, 'bbbb', []);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    const message = 'runs/s holds sweep aaaa (model mlp:784-{hidden}-10 grid hidden=4,8, 1 epochs), not this sweep bbbb; give the same model, grid and training options';
    expect((error as Error).message).toContain(`resume ${message}`);
    expect((error as InvalidOptionError).messageNaming(flag)).toContain('--resume runs/s holds sweep aaaa (--model mlp:784-{hidden}-10 --grid hidden=4,8, 1 epochs), not this sweep bbbb; give the same --model, --grid and');
  });

  it('keeps the results of this sweep that are among its trials', () => {
    const kept = { trialId: 't1' };
    const summary = { sweepId: 'aaaa', trials: [kept, { trialId: 'gone' }] } as unknown as SweepSummary;
    expect(resultsToKeep('runs/s', summary, 'aaaa', [{ id: 't1' }] as never)).toEqual([kept]);
  });
});

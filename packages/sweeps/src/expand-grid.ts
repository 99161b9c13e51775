import { invalidOption, option } from '@nnlab/core';
import { hashId } from './stable-hash.js';
import type { SweepGrid, SweepValue } from './sweep-grid.js';
import { createTrial, type Trial } from './trial.js';
import type { TrainingJob } from './training-job.js';

/** A sweep: the job every trial starts from and the grids that vary it. */
export interface SweepDefinition {
  /** Fixed options; `model` may hold `{name}` placeholders filled from the grids. */
  readonly base: TrainingJob;
  readonly grids: readonly SweepGrid[];
}

/** What {@link expandGrid} returns. */
export interface SweepPlan {
  /** Hash of the fixed options and the grids: the same sweep gets the same id. */
  readonly sweepId: string;
  readonly trials: Trial[];
}

/**
 * Every combination of the grids' values (the first grid varies slowest,
 * like `itertools.product`), each as a {@link Trial}. Checks everything that
 * can be checked before training: repeated grid names, grid names that are
 * neither placeholders nor hyperparameters, placeholders without a grid, and
 * hyperparameter values out of range. Model strings are checked per trial,
 * so one bad width fails only its own trials.
 *
 * @example
 * const { trials } = expandGrid({
 *   base: { ...job, model: 'mlp:784-{hidden}-10' },
 *   grids: [parseGrid('lr=1e-3,1e-2'), parseGrid('hidden=100,300')],
 * });
 * trials.length; // 4
 */
export function expandGrid(definition: SweepDefinition): SweepPlan {
  const { base, grids } = definition;
  const names = new Set<string>();
  for (const grid of grids) {
    if (names.has(grid.name)) throw invalidOption`${option('grid')} ${grid.name} is given more than once; list all its values in one ${option('grid')}`;
    if (grid.values.length === 0) throw invalidOption`${option('grid')} ${grid.name} has no values`;
    names.add(grid.name);
  }
  const sweepId = hashId({ fixed: base, grids: grids.map((g) => [g.name, g.values]) });
  let combinations: Array<Record<string, SweepValue>> = [{}];
  for (const grid of grids) {
    combinations = combinations.flatMap((partial) => grid.values.map((value) => ({ ...partial, [grid.name]: value })));
  }
  return { sweepId, trials: combinations.map((parameters, index) => createTrial(base, parameters, { sweepId, index })) };
}

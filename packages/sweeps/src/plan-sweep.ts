import { invalidOption, option, type OptionName } from '@nnlab/core';
import { AshaScheduler } from './asha.js';
import { drawnGrids, randomSearch, sampleConfigurations } from './random-search.js';
import { expandGrid } from './expand-grid.js';
import { gridDimension, type SearchDimension } from './search-space.js';
import type { RandomDraw, SweepStrategy } from './sweep-summary.js';
import type { SweepGrid } from './sweep-grid.js';
import type { SweepMetric } from './trial-result.js';
import type { TrainingJob } from './training-job.js';
import type { Trial } from './trial.js';
import type { TrialScheduler } from './trial-scheduler.js';

/** The `nnlab sweep` options that choose its trials. */
export interface SweepStrategyOptions {
  readonly grid: readonly SweepGrid[];
  /** How trials are chosen; default `grid`. */
  readonly strategy?: SweepStrategy;
  /** Dimensions to draw from (random and asha). */
  readonly space?: readonly SearchDimension[];
  /** Configurations to draw (random, and asha with a `space`); default 20. */
  readonly trials?: number;
  /** ASHA's largest budget in epochs; default the base job's `epochs`. */
  readonly maxEpochs?: number;
  /** ASHA's reduction factor; default 3. */
  readonly reduction?: number;
  readonly metric: SweepMetric;
  readonly seed: number;
}

/** What `nnlab sweep` runs: its trials (and for ASHA the scheduler handing them out) and how to describe them. */
export interface PlannedSweep {
  readonly sweepId: string;
  readonly strategy: SweepStrategy;
  /** The swept parameters and their values (for a random draw, the values drawn), for the table and charts. */
  readonly grids: readonly SweepGrid[];
  /** Configurations tried. */
  readonly configurations: number;
  /** Runs expected (ASHA: every rung's, if none fails), for the progress bar. */
  readonly plannedRuns: number;
  /** How many epochs a trial trains, in words. */
  readonly epochs: string;
  /** Every trial of a grid or random search; for ASHA, each configuration's first-rung trial. */
  readonly trials: readonly Trial[];
  /** ASHA: hands out the first-rung trials and the promotions; run this instead of `trials`. */
  readonly scheduler?: TrialScheduler;
  /** Random search: what it drew from, for the summary (so `--resume DIR` can draw the same trials). */
  readonly draw?: RandomDraw;
}

const DEFAULT_TRIALS = 20;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Turns `nnlab sweep`'s strategy options into trials: every combination of
 * the `--grid`s (`grid`), `--trials` draws from the `--space` and `--grid`s
 * seeded by `--seed` (`random`), or ASHA over those draws, or over the grid
 * when there is no `--space` (`asha`). Options that a strategy does not use
 * are refused, naming them.
 *
 * @example
 * const plan = planSweep({ ...options, strategy: 'asha', maxEpochs: 9 }, trainingJobOf(options));
 * await executor.run(plan.scheduler ?? plan.trials, onEvent);
 */
export function planSweep(options: SweepStrategyOptions, base: TrainingJob): PlannedSweep {
  const strategy = options.strategy ?? 'grid';
  const space = options.space ?? [];
  const refuse = (flag: OptionName, used: boolean, strategies: string): void => {
    if (used) throw invalidOption`${flag} is only used with ${option('strategy')} ${strategies}, not ${option('strategy')} ${strategy}`;
  };
  refuse(option('space'), strategy === 'grid' && space.length > 0, 'random or asha');
  refuse(option('trials'), strategy === 'grid' && options.trials !== undefined, 'random or asha');
  refuse(option('maxEpochs'), strategy !== 'asha' && options.maxEpochs !== undefined, 'asha');
  refuse(option('reduction'), strategy !== 'asha' && options.reduction !== undefined, 'asha');
  const dimensions = [...space, ...options.grid.map(gridDimension)];

  if (strategy === 'grid') {
    const plan = expandGrid({ base, grids: options.grid });
    return { ...plan, strategy, grids: options.grid, configurations: plan.trials.length, plannedRuns: plan.trials.length, epochs: `${plural(base.epochs, 'epoch')} each` };
  }
  if (strategy === 'random') {
    if (dimensions.length === 0) throw invalidOption`${option('strategy')} random needs at least one ${option('space')} (e.g. ${option('space')} lr=loguniform:1e-5:1e-1)`;
    const trials = options.trials ?? DEFAULT_TRIALS;
    const plan = randomSearch({ base, space: dimensions, trials, seed: options.seed });
    const draw: RandomDraw = { space, grid: options.grid, trials };
    return { ...plan, strategy, draw, configurations: plan.trials.length, plannedRuns: plan.trials.length, epochs: `${plural(base.epochs, 'epoch')} each` };
  }
  // ASHA: random draws when there is a --space, else every combination of the grids.
  if (dimensions.some((d) => d.name === 'epochs')) {
    throw invalidOption`${option('strategy')} asha sets each trial's epochs itself (its rungs); do not sweep epochs, use ${option('maxEpochs')}`;
  }
  let configurations: Array<Record<string, number | string | boolean>>;
  let grids: readonly SweepGrid[];
  if (space.length > 0) {
    configurations = sampleConfigurations(dimensions, options.trials ?? DEFAULT_TRIALS, options.seed);
    grids = drawnGrids(dimensions, configurations);
  } else {
    if (options.trials !== undefined) throw invalidOption`${option('trials')} needs a ${option('space')} to draw from; with only ${option('grid')}, asha tries every combination`;
    configurations = expandGrid({ base, grids: options.grid }).trials.map((t) => ({ ...t.parameters }));
    grids = options.grid;
  }
  const asha = new AshaScheduler({
    base,
    configurations,
    maxEpochs: options.maxEpochs ?? base.epochs,
    ...(options.reduction === undefined ? {} : { reduction: options.reduction }),
    metric: options.metric,
  });
  return {
    sweepId: asha.sweepId,
    strategy,
    grids,
    configurations: configurations.length,
    plannedRuns: asha.plannedTrials(),
    epochs: `ASHA rungs of ${asha.rungs.join('/')} epochs, the best 1/${asha.reduction} of each rung promoted`,
    trials: asha.firstRung,
    scheduler: asha,
  };
}

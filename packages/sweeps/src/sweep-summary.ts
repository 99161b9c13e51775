import { finalResults } from './final-results.js';
import type { SweepGrid } from './sweep-grid.js';
import { metricOrder, rankTrials } from './rank-trials.js';
import type { SearchDimension } from './search-space.js';
import type { TrainingJob } from './training-job.js';
import type { SweepMetric, TrialResult } from './trial-result.js';

/** How `nnlab sweep` chooses its trials (`--strategy`). */
export const sweepStrategies = ['grid', 'random', 'asha'] as const;
/** One of {@link sweepStrategies}. */
export type SweepStrategy = (typeof sweepStrategies)[number];

/** What a random search drew its configurations from (with the base job's seed), so that `nnlab sweep --resume` can draw the same ones again. */
export interface RandomDraw {
  /** The `--space` dimensions. */
  readonly space: readonly SearchDimension[];
  /** The `--grid`s, drawn from as choices. */
  readonly grid: readonly SweepGrid[];
  /** Configurations drawn (`--trials`). */
  readonly trials: number;
}

/** The results of a sweep as written to results.json and printed by `--json`. */
export interface SweepSummary {
  readonly command: 'sweep';
  readonly sweepId: string;
  readonly metric: SweepMetric;
  readonly order: 'descending' | 'ascending';
  /** Fixed options; `model` is the template with its `{placeholders}`. */
  readonly base: TrainingJob;
  /** The swept parameters; for a random search, the values drawn. */
  readonly grids: readonly SweepGrid[];
  /** How configurations were chosen: every combination, a random draw, or ASHA (random or grid configurations, stopped early). */
  readonly strategy: SweepStrategy;
  /** A random search's draw settings (absent for grid and ASHA sweeps). */
  readonly draw?: RandomDraw;
  /** Configurations in the sweep. */
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** Trials not finished yet (while the sweep runs, or when it was interrupted). */
  readonly pending: number;
  /** The best completed trial by `metric`, or null. */
  readonly best: { readonly trialId: string; readonly parameters: TrialResult['parameters']; readonly value: number } | null;
  readonly seconds: number;
  /** Epochs trained over all runs so far (with ASHA, every rung's run counts; the cost of the sweep). */
  readonly epochsTrained: number;
  /** Best first (see `rankTrials`), each with its per-epoch history. */
  readonly trials: readonly TrialResult[];
}

/**
 * Summarises a sweep's results so far: counts, the best trial, the trials
 * ranked by `metric`, one per configuration (its run with the most epochs,
 * see `finalResults`), and the epochs all runs trained.
 *
 * @example
 * const summary = summarizeSweep({ sweepId, base, grids, metric: 'validationAccuracy', total: 12, results, seconds });
 * summary.best?.parameters; // { lr: 0.001, hidden: 300 }
 */
export function summarizeSweep(input: {
  readonly sweepId: string;
  readonly base: TrainingJob;
  readonly grids: readonly SweepGrid[];
  readonly metric: SweepMetric;
  readonly total: number;
  /** Every finished run, rungs included. */
  readonly results: readonly TrialResult[];
  readonly seconds: number;
  /** Default `grid`. */
  readonly strategy?: SweepStrategy;
  /** A random search's draw settings, kept in the summary for `--resume`. */
  readonly draw?: RandomDraw;
}): SweepSummary {
  const trials = rankTrials(finalResults(input.results), input.metric);
  const first = trials[0];
  const bestValue = first?.status === 'completed' ? first.metrics[input.metric] : null;
  const failed = trials.filter((t) => t.status === 'failed').length;
  return {
    command: 'sweep',
    sweepId: input.sweepId,
    metric: input.metric,
    order: metricOrder(input.metric),
    base: input.base,
    grids: input.grids,
    strategy: input.strategy ?? 'grid',
    ...(input.draw === undefined ? {} : { draw: input.draw }),
    total: input.total,
    completed: trials.length - failed,
    failed,
    pending: input.total - trials.length,
    best: first !== undefined && bestValue !== null ? { trialId: first.trialId, parameters: first.parameters, value: bestValue } : null,
    seconds: input.seconds,
    epochsTrained: input.results.reduce((sum, r) => sum + r.epochsRun, 0),
    trials,
  };
}

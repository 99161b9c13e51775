import type { PlannedSweep } from './plan-sweep.js';
import type { SweepEvent, SweepExecutor } from './sweep-executor.js';
import { SweepResultsWriter } from './sweep-results-writer.js';
import { summarizeSweep, type SweepSummary } from './sweep-summary.js';
import type { TrainingJob } from './training-job.js';
import type { Trial } from './trial.js';
import type { SweepMetric, TrialResult } from './trial-result.js';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** The job every trial starts from (what `planSweep` was given). */
  readonly base: TrainingJob;
  /** What the summary ranks by. */
  readonly metric: SweepMetric;
  /** Results already there (a resumed sweep's): counted, not run again. */
  readonly kept?: readonly TrialResult[];
  /** The trials to run, when not all of `plan.trials` (a resumed sweep's missing ones); ignored for ASHA, whose scheduler decides. */
  readonly trials?: readonly Trial[];
  /** Keep `results.json` and `results.csv` here up to date as trials finish ({@link SweepResultsWriter}). */
  readonly out?: string;
  /** Every event of the executor (progress). */
  readonly onEvent?: (event: SweepEvent) => void;
  /** Stops handing out trials; the summary counts the ones not run as pending. */
  readonly signal?: AbortSignal;
}

/**
 * Runs a planned sweep on `executor` (its trials, or for ASHA its scheduler)
 * and returns the summary, ranked by `metric`; with `out`, the results on
 * disk follow every finished trial and are complete when this resolves.
 * Failed trials are results, never a rejection.
 *
 * @example
 * const plan = planSweep({ grid: [parseGrid('lr=1e-3,1e-2')], metric: 'validationAccuracy', seed: 0 }, base);
 * const summary = await runSweep(plan, new LocalProcessExecutor({ workers: 2 }), { base, metric: 'validationAccuracy', out: 'runs/sweep' });
 */
export async function runSweep(plan: PlannedSweep, executor: SweepExecutor, options: RunSweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const results: TrialResult[] = [...(options.kept ?? [])];
  const todo = options.trials ?? plan.trials;
  const summarize = (): SweepSummary =>
    summarizeSweep({
      sweepId: plan.sweepId,
      base: options.base,
      grids: plan.grids,
      strategy: plan.strategy,
      ...(plan.draw === undefined ? {} : { draw: plan.draw }),
      metric: options.metric,
      total: plan.configurations,
      results,
      seconds: (performance.now() - started) / 1000,
    });
  const writer = options.out === undefined ? undefined : new SweepResultsWriter(options.out);
  writer?.write(summarize());
  if (plan.scheduler !== undefined || todo.length > 0) {
    await executor.run(
      plan.scheduler ?? todo,
      (event) => {
        options.onEvent?.(event);
        if (event.type === 'trial-finished') {
          results.push(event.result);
          writer?.write(summarize());
        }
      },
      options.signal === undefined ? {} : { signal: options.signal },
    );
  }
  const summary = summarize();
  writer?.write(summary);
  await writer?.flush();
  return summary;
}

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import {
  expandGrid,
  type SweepExecutor,
  type SweepGrid,
  type SweepMetric,
  summarizeSweep,
  type TrainingJob,
  type TrialResult,
} from '@nnlab/trainers';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { writeSweepReport } from '../report/write-sweep-report.js';
import { formatSweepTable } from '../sweep/format-sweep-table.js';
import { LocalProcessExecutor } from '../sweep/local-process-executor.js';
import { SweepProgress } from '../sweep/sweep-progress.js';
import { SweepResultsWriter } from '../sweep/sweep-results-writer.js';
import type { TrainingRunOptions } from '../training-run-options.js';

/** Options of `nnlab sweep`, already parsed from the command line. */
export interface SweepOptions extends TrainingRunOptions {
  readonly grid: readonly SweepGrid[];
  readonly limit?: number;
  readonly threads?: number;
  /** Worker processes (default: the number of cores). */
  readonly workers?: number;
  readonly metric: SweepMetric;
  readonly out?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

/** The fixed part of every trial's job, from the command line. */
export function baseJob(options: SweepOptions): TrainingJob {
  return {
    model: options.model,
    dataset: options.dataset,
    backend: options.backend,
    epochs: options.epochs,
    batchSize: options.batchSize,
    optimizer: options.optimizer,
    ...(options.lr === undefined ? {} : { learningRate: options.lr }),
    ...(options.momentum === undefined ? {} : { momentum: options.momentum }),
    ...(options.nesterov === true ? { nesterov: true } : {}),
    ...(options.weightDecay === undefined ? {} : { weightDecay: options.weightDecay }),
    seed: options.seed,
    normalize: options.normalize,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  };
}

/**
 * `nnlab sweep`: trains every combination of the `--grid` values (in
 * parallel worker processes by default, or with the `executor` given),
 * shows progress, prints the results ranked by `--metric` with the best
 * marked, and with `--out DIR` keeps `results.json` / `results.csv` up to
 * date as trials finish and writes a report (one chart per swept
 * parameter). Failed trials are reported and the sweep goes on; if every
 * trial fails the command fails.
 */
export async function sweepCommand(options: SweepOptions, output: Output, executor?: SweepExecutor): Promise<void> {
  const base = baseJob(options);
  const plan = expandGrid({ base, grids: options.grid });
  const total = plan.trials.length;
  const workers = Math.min(options.workers ?? Math.max(1, availableParallelism()), total);
  const run = executor ?? new LocalProcessExecutor({ workers });
  output.stdout.write(
    `sweep ${plan.sweepId}: ${total} trial${total === 1 ? '' : 's'} of ${options.model} on ${options.dataset}, ` +
      `${options.epochs} epoch${options.epochs === 1 ? '' : 's'} each, ${executor === undefined ? `${workers} worker process${workers === 1 ? '' : 'es'}` : 'custom executor'}\n`,
  );

  const started = performance.now();
  const results: TrialResult[] = [];
  const summarize = () =>
    summarizeSweep({ sweepId: plan.sweepId, base, grids: options.grid, metric: options.metric, total, results, seconds: (performance.now() - started) / 1000 });
  const writer = options.out === undefined ? undefined : new SweepResultsWriter(options.out);
  writer?.write(summarize());
  // commander sets progress to true unless --no-progress; the bar needs a terminal to draw on.
  const progress = new SweepProgress(output, total, options.metric, options.progress !== false && output.stderr.isTTY === true);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    await run.run(
      plan.trials,
      (event) => {
        progress.onEvent(event);
        if (event.type === 'trial-finished') {
          results.push(event.result);
          writer?.write(summarize());
        }
      },
      { signal: controller.signal },
    );
  } finally {
    process.removeListener('SIGINT', interrupt);
    progress.stop();
  }

  const summary = summarize();
  output.stdout.write(formatSweepTable(summary));
  if (summary.pending > 0) output.stderr.write(`nnlab: sweep interrupted: ${summary.pending} of ${total} trials did not run\n`);
  if (writer !== undefined && options.out !== undefined) {
    writer.write(summary);
    await writer.flush();
    const files = await writeSweepReport(options.out, summary);
    output.stdout.write(`results: ${join(options.out, 'results.csv')}, ${join(options.out, 'results.json')}; report: ${files[files.length - 1]}\n`);
  }
  if (options.json === true) printJson(output, summary);
  if (summary.completed === 0 && summary.failed > 0) {
    const first = summary.trials.find((t) => t.status === 'failed');
    throw new InvalidArgumentError(`every trial of the sweep failed; the first: ${first?.error ?? 'unknown error'}`);
  }
}

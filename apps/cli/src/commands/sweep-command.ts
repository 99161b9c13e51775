import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { checkOutputDirectory } from '@nnlab/core/node';
import {
  formatSweepTable,
  planSweep,
  RetryingExecutor,
  type SweepExecutor,
  type SweepGrid,
  type SweepMetric,
  type SweepStrategyOptions,
  parseGrid,
  parseSearchSpace,
  type SearchDimension,
  sweepMetrics,
  sweepStrategies,
  trainingJobOf,
  type TrainingSettings,
} from '@nnlab/sweeps';
import { LocalProcessExecutor, readSweepResults, resultsToKeep, runSweep, sweepSettingsOf, sweepWorkers } from '@nnlab/sweeps/node';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { writeSweepReport } from '@nnlab/report/node';
import { SweepProgress } from '../sweep/sweep-progress.js';
import { Command, Option } from 'commander';
import { backendNames, type CommandContext } from '../command-context.js';
import { flag, integer, JSON_HELP } from '../option-parsers.js';
import { addTrainingOptions } from '../training-options.js';
import { UsageError } from '../usage-error.js';

/** Options of `nnlab sweep`, already parsed from the command line (`--strategy`, `--space`, ... see {@link SweepStrategyOptions}). */
export interface SweepOptions extends TrainingSettings, Omit<SweepStrategyOptions, 'grid' | 'metric' | 'seed'> {
  readonly grid: readonly SweepGrid[];
  /** Worker processes (default: the number of cores, fewer when memory allows fewer). */
  readonly workers?: number;
  /** Memory the sweep may plan to use, in bytes (default: half of the machine's memory). */
  readonly maxMemory?: number;
  readonly metric: SweepMetric;
  readonly out?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  /** Local sweeps: extra attempts of a trial whose worker died or that hit an internal error (default 1). */
  readonly retries?: number;
  /** Continue the sweep whose results are in this directory: run only the trials without a result (`--out` defaults to it). */
  readonly resume?: string;
}

/**
 * `nnlab sweep`: trains every combination of the `--grid` values, or
 * `--trials` random draws from the `--space`s, or runs ASHA over either
 * (`--strategy`, see `planSweep`), in parallel worker processes by default
 * or with the `executor` given;
 * shows progress, prints the results ranked by `--metric` with the best
 * marked, and with `--out DIR` keeps `results.json` / `results.csv` up to
 * date as trials finish and writes a report (one chart per swept
 * parameter). Failed trials are reported and the sweep goes on (a trial
 * whose worker died or that hit an internal error is first retried
 * `--retries` times); if every trial fails the command fails. `--resume DIR`
 * runs only the trials that have no result in DIR's `results.json` (grid and
 * random sweeps: a random search draws the same trials again from its seed).
 */
export async function sweepCommand(options: SweepOptions, output: Output, executor?: SweepExecutor): Promise<void> {
  const base = trainingJobOf(options);
  const plan = planSweep(options, base);
  const total = plan.configurations;
  const out = options.out ?? options.resume;
  if (plan.scheduler !== undefined && options.resume !== undefined) {
    throw new InvalidArgumentError(`--resume ${options.resume}: an ASHA sweep cannot be resumed locally; start it again, or run it with --queue (whose results survive)`);
  }
  // Before any trial runs: results that cannot be written must not cost the sweep.
  if (out !== undefined) await checkOutputDirectory('--out', out);
  const kept = options.resume === undefined ? [] : resultsToKeep(options.resume, await readSweepResults(options.resume), plan.sweepId, plan.trials);
  const todo = plan.trials.filter((trial) => !kept.some((result) => result.trialId === trial.id));
  // Default: a worker per core, as many as memory allows; an explicit --workers is checked (refused above memory, warned above the cores).
  const { workers, cores } = sweepWorkers(todo, { workers: options.workers, maxMemory: options.maxMemory });
  if (options.workers !== undefined && options.workers > cores) output.stderr.write(`nnlab: warning: --workers ${options.workers} is more than the ${cores} cores here: trials will take turns on them, which is slower, not faster\n`);
  const run =
    executor ??
    new RetryingExecutor(new LocalProcessExecutor({ workers }), {
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      onRetry: (result, attempt, attempts) => output.stderr.write(`nnlab: warning: trial ${result.index + 1} (${result.trialId}) failed, attempt ${attempt} of ${attempts}; retrying: ${result.error ?? ''}\n`),
    });
  output.stdout.write(
    `sweep ${plan.sweepId}: ${total} trial${total === 1 ? '' : 's'} of ${options.model} on ${options.dataset}, ` +
      `${plan.epochs}, ${executor === undefined ? `${workers} worker process${workers === 1 ? '' : 'es'}` : 'custom executor'}\n`,
  );
  if (options.resume !== undefined) output.stdout.write(`resuming from ${options.resume}: ${kept.length} of ${total} trials have results; running the other ${todo.length}\n`);

  // commander sets progress to true unless --no-progress; the bar needs a terminal to draw on.
  const progress = new SweepProgress(output, plan.scheduler === undefined ? todo.length : plan.plannedRuns, options.metric, options.progress !== false && output.stderr.isTTY === true);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  let summary;
  try {
    summary = await runSweep(plan, run, { base, metric: options.metric, kept, trials: todo, ...(out === undefined ? {} : { out }), onEvent: (event) => progress.onEvent(event), signal: controller.signal });
  } finally {
    process.removeListener('SIGINT', interrupt);
    progress.stop();
  }
  output.stdout.write(formatSweepTable(summary));
  if (summary.pending > 0) {
    output.stderr.write(`nnlab: sweep interrupted: ${summary.pending} of ${total} trials did not run${out === undefined ? '' : `; run them with: nnlab sweep --resume ${out}`}\n`);
  }
  if (out !== undefined) {
    const files = await writeSweepReport(out, summary, { title: `nnlab sweep ${summary.sweepId}` });
    output.stdout.write(`results: ${join(out, 'results.csv')}, ${join(out, 'results.json')}; report: ${files[files.length - 1]}\n`);
  }
  const first = summary.trials.find((t) => t.status === 'failed');
  const failure = summary.completed === 0 && summary.failed > 0 ? new InvalidArgumentError(`every trial of the sweep failed; the first: ${first?.error ?? 'unknown error'}`) : undefined;
  if (options.json === true) printJson(output, failure === undefined ? summary : { ...summary, error: { code: failure.code, message: failure.message, exitCode: 1 } });
  if (failure !== undefined) throw failure;
}

/** `nnlab sweep`: the shared training options (worded for trials) and the sweep's own; `--queue`/`--attach` run it on Redis. */
export function createSweepCommand(context: CommandContext): Command {
  const { output } = context;
  const parseGridFlag = flag(parseGrid);
  const parseSpaceFlag = flag(parseSearchSpace);
  const command = new Command('sweep').description('train every combination of --grid values in parallel worker processes and rank the results');
  addTrainingOptions(command, context, ['model'], {
    model: { help: 'model string with {name} placeholders filled from grids, e.g. mlp:784-{hidden}-10 (required unless --attach)', default: undefined },
  });
  command
    .option('--grid <name=values>', 'a {placeholder} or hyperparameter (lr, weightDecay, momentum, dropout, batchSize, epochs, optimizer, seed, ...) and its comma-separated values; repeat for more', (text: string, previous: SweepGrid[] = []) => [...previous, parseGridFlag(text)])
    .addOption(new Option('--strategy <name>', 'grid: every combination of --grid; random: --trials draws from --space (and --grid); asha: successive halving of those draws (or of the grid), stopping the worst early').choices([...sweepStrategies]).default('grid'))
    .option('--space <name=dist>', 'with random/asha: a parameter and its distribution, loguniform:LOW:HIGH, uniform:LOW:HIGH, int:LOW:HIGH or choice:A|B|C (e.g. lr=loguniform:1e-5:1e-1); repeat for more', (text: string, previous: SearchDimension[] = []) => [...previous, parseSpaceFlag(text)])
    .option('--trials <n>', 'with random/asha: configurations to draw (default 20), seeded by --seed', integer('--trials'))
    .option('--max-epochs <n>', 'with asha: epochs of the top rung; rungs at max-epochs / reduction^k (default --epochs)', integer('--max-epochs'))
    .option('--reduction <n>', 'with asha: keep the best 1/N of each rung (default 3)', integer('--reduction', 2));
  addTrainingOptions(command, context, ['dataset', 'backend', 'epochs', 'batchSize', 'optimizer', 'lr', 'momentum', 'nesterov', 'weightDecay', 'seed', 'normalize', 'limit', 'validationSplit', 'threads', 'deterministic'], {
    dataset: { help: 'dataset, as for train' },
    backend: { help: `backend for every trial: ${backendNames(context)} or auto` },
    epochs: { help: 'passes over the training set per trial' },
    lr: { help: 'learning rate when not swept' },
    seed: { help: 'seed for initialisation, shuffling and dropout (the same for every trial)' },
    normalize: { help: 'keep pixels in [0, 1]' },
    validationSplit: {
      help: 'share of the training examples held out (seeded by --seed) for validation, which --metric ranks by; each trial scores the test split once, at the end; 0: every epoch is scored on the test split',
    },
    threads: { help: 'threads per worker for backends that support them' },
    deterministic: { help: 'every trial repeats bit for bit for its seed: no thread counts picked by timing (native)' },
  });
  command.option('--workers <n>', 'worker processes (default: number of cores, fewer if memory allows fewer; more than the cores warns, more than memory allows is refused)', integer('--workers'));
  addTrainingOptions(command, context, ['maxMemory'], {
    maxMemory: { help: 'memory the sweep may plan to use: every trial\'s model and all workers at once (8GB, 512MiB, bytes; default: half of this machine\'s memory)' },
  });
  return command
    .option('--queue [url]', 'run the trials on `nnlab worker` processes through Redis at URL (redis:// or rediss://; default $NNLAB_QUEUE_URL) instead of locally')
    .option('--attach <sweep-id>', 'with --queue: collect the results of a sweep started earlier (after the sweeping process died)')
    .option('--retries <n>', 'extra tries of a trial whose worker died or that hit an internal error (with --queue: of any failed trial) before it counts as failed (default 1)', integer('--retries', 0))
    .option('--resume <dir>', 'continue the sweep whose results.json is in DIR (--out DIR of an interrupted sweep): run only the trials without a result; without --model, its settings come from there')
    .addOption(new Option('--metric <name>', 'rank trials (and, with asha, promote them) by this final metric, accuracies descending, losses ascending; the validation ones keep the test split out of tuning').choices([...sweepMetrics]).default('validationAccuracy'))
    .option('--out <dir>', 'write results.csv, results.json (updated as trials finish) and a report with one chart per swept parameter')
    .option('--no-progress', 'no progress bar')
    .option('--json', JSON_HELP)
    .action(async (options) => {
      // Queue sweeps load BullMQ, which took ~1 s of every start: imported only when run.
      if (options.queue !== undefined || options.attach !== undefined) return (await import('./queue-sweep-command.js')).queueSweepCommand({ ...options, grid: options.grid ?? [] }, output);
      if (options.resume !== undefined && options.model === undefined) return sweepCommand({ ...options, ...sweepSettingsOf(await readSweepResults(options.resume), options.resume) }, output);
      if (options.model === undefined) throw new UsageError("required option '--model <model>' not specified");
      return sweepCommand({ ...options, grid: options.grid ?? [] }, output);
    });
}

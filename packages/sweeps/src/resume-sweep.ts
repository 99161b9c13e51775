import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, InvalidOptionError, invalidOption, NotFoundError, option } from '@nnlab/core';
import type { RandomDraw, SweepStrategy, SweepSummary } from './sweep-summary.js';
import type { SearchDimension } from './search-space.js';
import type { SweepGrid } from './sweep-grid.js';
import { type SweepMetric, sweepMetrics, type TrialResult } from './trial-result.js';
import type { TrainingJob } from './training-job.js';
import { type TrainingSettings, trainingSettingsOf } from './training-settings.js';
import type { Trial } from './trial.js';
import { z } from 'zod';
import { sweepValue, trainingJob } from './queue/queue-payload.js';

/**
 * The settings of a sweep, rebuilt from its `results.json` (what `nnlab sweep --resume DIR` runs
 * when no `--model` is given): the base job's {@link TrainingSettings} and the strategy options of
 * `SweepStrategyOptions`.
 */
export interface ResumedSweepSettings extends TrainingSettings {
  readonly grid: readonly SweepGrid[];
  readonly metric: SweepMetric;
  readonly strategy?: SweepStrategy;
  readonly space?: readonly SearchDimension[];
  readonly trials?: number;
}

const metricValue = z.number().nullable();
// What resuming relies on, checked field by field; extra fields (written by later versions) are allowed.
const trialResultSchema = z.looseObject({
  trialId: z.string(),
  index: z.int().min(0),
  parameters: z.record(z.string(), sweepValue),
  job: z.looseObject(trainingJob.shape),
  status: z.enum(['completed', 'failed']),
  error: z.string().optional(),
  metrics: z.looseObject(Object.fromEntries(sweepMetrics.map((metric) => [metric, metricValue]))),
  epochsRun: z.int().min(0),
  seconds: z.number().min(0),
  backend: z.string().optional(),
  worker: z.string().optional(),
  history: z.array(z.looseObject({ epoch: z.int().min(0) })),
});
const sweepSummarySchema = z.looseObject({
  command: z.literal('sweep'),
  sweepId: z.string(),
  metric: z.enum(sweepMetrics),
  base: z.looseObject(trainingJob.shape),
  grids: z.array(z.looseObject({ name: z.string(), values: z.array(sweepValue) })),
  strategy: z.string().optional(),
  trials: z.array(trialResultSchema),
});

/**
 * Reads `DIR/results.json`, as a `SweepResultsWriter` keeps it (atomically
 * replaced after every trial), to resume the sweep.
 *
 * @throws NotFoundError naming the file when it is missing; DataFormatError naming the file and the first bad field when it is not a sweep's results; InvalidOptionError (naming `resume`) for an ASHA sweep.
 */
export async function readSweepResults(dir: string): Promise<SweepSummary> {
  const path = join(dir, 'results.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NotFoundError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): no sweep results in ${dir}`, { cause: error });
  }
  let summary: unknown;
  try {
    summary = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(`is not JSON (${(error as Error).message}); expected a sweep's results.json`, path, { cause: error });
  }
  const s = summary as Partial<SweepSummary> | null;
  if (s === null || typeof s !== 'object' || s.command !== 'sweep') {
    throw new DataFormatError('is not the results of a sweep (expected "command": "sweep", a sweepId, base, grids and trials)', path);
  }
  const checked = sweepSummarySchema.safeParse(summary);
  if (!checked.success) {
    const issue = checked.error.issues[0] as z.core.$ZodIssue;
    const field = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
    throw new DataFormatError(`field "${field}": ${issue.message.replace(/^Invalid input: /, '')}${checked.error.issues.length > 1 ? ` (and ${checked.error.issues.length - 1} more problems)` : ''}; expected a sweep's results.json, unedited`, path);
  }
  const strategy = (s as { strategy?: unknown }).strategy;
  if (strategy !== undefined && strategy !== 'grid' && strategy !== 'random') {
    throw invalidOption`${option('resume')} ${dir}: it holds a ${String(strategy)} sweep; ${option('resume')} continues grid and random sweeps (run ASHA with ${option('queue')}, whose results survive)`;
  }
  return s as SweepSummary;
}

/**
 * The command-line settings of the sweep `summary` ran (so `--resume DIR`
 * alone repeats it); a random search's come from its `draw`.
 *
 * @throws DataFormatError for a random search without `draw` (results written before sweeps kept it).
 */
export function sweepSettingsOf(summary: SweepSummary, dir: string): ResumedSweepSettings {
  const base: TrainingJob = summary.base;
  const draw = summary.strategy === 'random' ? checkedDraw(summary.draw, join(dir, 'results.json')) : undefined;
  return {
    ...trainingSettingsOf(base),
    ...(draw === undefined ? { grid: summary.grids } : { strategy: 'random' as const, grid: draw.grid, space: draw.space, trials: draw.trials }),
    metric: summary.metric,
    // A sweep from before validation splits held nothing out: resume it the same way.
    validationSplit: base.validationSplit ?? 0,
  };
}

const KINDS = new Set(['uniform', 'loguniform', 'int', 'choice']);
const isValue = (v: unknown): boolean => ['number', 'string', 'boolean'].includes(typeof v);
const isDimension = (d: unknown): boolean => {
  const x = d as { name?: unknown; kind?: unknown; low?: unknown; high?: unknown; values?: unknown } | null;
  if (x === null || typeof x !== 'object' || typeof x.name !== 'string' || !KINDS.has(x.kind as string)) return false;
  return x.kind === 'choice' ? Array.isArray(x.values) && x.values.length > 0 && x.values.every(isValue) : Number.isFinite(x.low) && Number.isFinite(x.high);
};
const isGrid = (g: unknown): boolean => {
  const x = g as { name?: unknown; values?: unknown } | null;
  return x !== null && typeof x === 'object' && typeof x.name === 'string' && Array.isArray(x.values) && x.values.length > 0 && x.values.every(isValue);
};

/** A random search's `draw` from results.json, checked: what `--resume` draws the same trials from. */
function checkedDraw(draw: unknown, path: string): RandomDraw {
  if (draw === undefined) {
    throw new DataFormatError('holds a random search without its draw settings ("draw"); resume it with its original model, strategy (random), space and trials options', path);
  }
  const d = draw as { space?: unknown; grid?: unknown; trials?: unknown } | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.space) || !d.space.every(isDimension) || !Array.isArray(d.grid) || !d.grid.every(isGrid) || !Number.isInteger(d.trials) || (d.trials as number) < 1) {
    throw new DataFormatError('"draw" must be {"space": [{name, kind, low, high} or {name, "kind": "choice", values}], "grid": [{name, values}], "trials": N >= 1}', path);
  }
  return d as RandomDraw;
}

/**
 * The results of `trials` already in the sweep results of `dir`, checking
 * that they are results of this very sweep (same sweep id: same fixed
 * options and grids).
 *
 * @throws InvalidOptionError when `dir` holds another sweep, naming both.
 */
export function resultsToKeep(dir: string, summary: SweepSummary, sweepId: string, trials: readonly Trial[]): TrialResult[] {
  if (summary.sweepId !== sweepId) {
    const grids = summary.grids.flatMap((g) => [' ', option('grid'), ` ${g.name}=${g.values.join(',')}`]);
    throw new InvalidOptionError([
      option('resume'),
      ` ${dir} holds sweep ${summary.sweepId} (`,
      option('model'),
      ` ${summary.base.model}`,
      ...grids,
      `, ${summary.base.epochs} epochs), not this sweep ${sweepId}; give the same `,
      option('model'),
      ', ',
      option('grid'),
      ' and training options, or none of them to continue it as it was',
    ]);
  }
  const ids = new Set(trials.map((trial) => trial.id));
  return summary.trials.filter((result) => ids.has(result.trialId));
}

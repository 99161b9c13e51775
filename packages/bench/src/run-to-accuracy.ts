import type { AccuracyContender, AccuracyPoint, AccuracyRun } from './accuracy-contender.js';
import { loadRecipeData, type RecipeData } from './recipe-data.js';
import type { Recipe } from './recipes.js';
import { median } from './statistics.js';

/** One contender on one recipe: the median over seeds, or why it has no numbers. */
export interface ToAccuracyRow {
  readonly recipe: string;
  readonly contender: string;
  readonly kind: 'nnlab' | 'peer';
  /** Where the contender trained when not in this Node process (`browser`). */
  readonly environment?: string;
  readonly available: boolean;
  readonly reason?: string;
  /** Median seconds to the target over the seeds (a seed that did not reach it counts as infinitely slow); null: "not reached". */
  readonly seconds: number | null;
  /** Seeds that reached the target, of those run (seeds after a majority missed are not run). */
  readonly reachedRuns: number;
  readonly runs: number;
  /** Medians over seeds of steps, epochs, best accuracy and the contender's own data preparation seconds. */
  readonly steps: number | null;
  readonly epochs: number | null;
  readonly bestAccuracy: number | null;
  readonly dataSeconds: number | null;
  readonly threads: number | null;
  /** Every seed's run, curve included (the chart draws them). */
  readonly seedRuns: ReadonlyArray<AccuracyRun & { readonly seed: number }>;
}

/** A recipe as the report states it. */
export interface ToAccuracyRecipe {
  readonly name: string;
  readonly description: string;
  readonly target: number;
  readonly evalEvery: number;
  readonly batchSize: number;
  /** Where the data came from and how long loading it took (shown apart from training), or why it is missing. */
  readonly source?: string;
  readonly dataSeconds?: number;
  readonly reason?: string;
  readonly trainCount?: number;
  readonly testCount?: number;
}

/** Everything one `nnlab bench --to-accuracy` run measured. */
export interface ToAccuracyReport {
  readonly version: 1;
  readonly kind: 'to-accuracy';
  readonly startedAt: string;
  readonly seconds: number;
  readonly seeds: readonly number[];
  readonly maxSeconds: number;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly platform: string; readonly node: string; readonly loadAverage: readonly number[]; readonly loadAverageEnd?: readonly number[] };
  readonly recipes: readonly ToAccuracyRecipe[];
  /** Each contender's set-up (backend threads, PyTorch's environment choice...) or why it did not run. */
  readonly contenders: ReadonlyArray<{ readonly name: string; readonly kind: 'nnlab' | 'peer'; readonly setup?: string; readonly reason?: string }>;
  readonly rows: readonly ToAccuracyRow[];
}

/** Progress of a time-to-accuracy run, for progress lines and bars. */
export type ToAccuracyProgress =
  | { readonly type: 'start'; readonly recipe: string; readonly contender: string; readonly seed: number; readonly index: number; readonly total: number }
  | { readonly type: 'evaluation'; readonly recipe: string; readonly contender: string; readonly seed: number; readonly point: AccuracyPoint }
  | { readonly type: 'end'; readonly recipe: string; readonly contender: string; readonly seed: number; readonly index: number; readonly total: number; readonly run?: AccuracyRun; readonly error?: string };

/** Options of {@link runToAccuracy}. */
export interface ToAccuracyOptions {
  readonly recipes: readonly Recipe[];
  /** nnlab's `fitContender`s (one per backend) and peers, in row order. */
  readonly contenders: readonly AccuracyContender[];
  /** Seeds, run interleaved: every contender trains seed 0, then seed 1, ... (default [0, 1, 2]). */
  readonly seeds?: readonly number[];
  /** Seconds of training per run before it counts as "not reached" (default 300). */
  readonly maxSeconds?: number;
  readonly onProgress?: (event: ToAccuracyProgress) => void;
  /** Loads a recipe's data (default {@link loadRecipeData}; tests pass small data). */
  readonly loadData?: (recipe: Recipe) => Promise<RecipeData | string>;
}

async function machine(): Promise<ToAccuracyReport['machine']> {
  const os = await import('node:os');
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.arch()}`, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) };
}

function summarise(recipe: Recipe, contender: AccuracyContender, seedRuns: Array<AccuracyRun & { seed: number }>, reason: string | undefined): ToAccuracyRow {
  const base = { recipe: recipe.name, contender: contender.name, kind: contender.kind, ...(contender.environment === undefined ? {} : { environment: contender.environment }) };
  if (seedRuns.length === 0) {
    return { ...base, available: false, reason: reason ?? 'no runs', seconds: null, reachedRuns: 0, runs: 0, steps: null, epochs: null, bestAccuracy: null, dataSeconds: null, threads: null, seedRuns };
  }
  const seconds = median(seedRuns.map((r) => (r.reached && r.seconds !== null ? r.seconds : Number.POSITIVE_INFINITY)));
  const best = seedRuns.map((r) => r.bestAccuracy).filter((a): a is number => a !== null);
  return {
    ...base,
    available: true,
    ...(reason === undefined ? {} : { reason }),
    seconds: Number.isFinite(seconds) ? seconds : null,
    reachedRuns: seedRuns.filter((r) => r.reached).length,
    runs: seedRuns.length,
    steps: median(seedRuns.map((r) => r.steps)),
    epochs: median(seedRuns.map((r) => r.epochs)),
    bestAccuracy: best.length === 0 ? null : median(best),
    dataSeconds: median(seedRuns.map((r) => r.dataSeconds)),
    threads: seedRuns[0]?.threads ?? null,
    seedRuns,
  };
}

/**
 * Trains every recipe with every contender (nnlab's `fit` on each backend,
 * PyTorch, jax-js, tfjs-layers) until the test accuracy, evaluated every
 * `recipe.evalEvery` steps, reaches the recipe's target or `maxSeconds` pass.
 * Seeds are interleaved (each round trains every contender once) so load
 * on the machine hits all alike; rows report the median over seeds. Data
 * is loaded once per recipe and its loading time reported apart.
 * Contenders that cannot run get a row saying why. Disposes the contenders.
 *
 * @example
 * const report = await runToAccuracy({ recipes: selectRecipes(['mnist-mlp']), contenders: [fitContender(cpuBackend)], seeds: [0], maxSeconds: 60 });
 */
export async function runToAccuracy(options: ToAccuracyOptions): Promise<ToAccuracyReport> {
  try {
    return await runUnguarded(options);
  } finally {
    await Promise.all(options.contenders.map((c) => c.dispose?.()));
  }
}

async function runUnguarded(options: ToAccuracyOptions): Promise<ToAccuracyReport> {
  const seeds = options.seeds ?? [0, 1, 2];
  const maxSeconds = options.maxSeconds ?? 300;
  const load = options.loadData ?? loadRecipeData;
  const started = new Date();
  const startMachine = await machine();
  const emit = (event: ToAccuracyProgress): void => options.onProgress?.(event);
  const unavailable = new Map<AccuracyContender, string | undefined>();
  for (const contender of options.contenders) unavailable.set(contender, await contender.unavailableReason());
  const total = options.recipes.length * seeds.length * options.contenders.filter((c) => unavailable.get(c) === undefined).length;
  let index = 0;
  const recipesOut: ToAccuracyRecipe[] = [];
  const rows: ToAccuracyRow[] = [];
  for (const recipe of options.recipes) {
    const stated = { name: recipe.name, description: recipe.description, target: recipe.target, evalEvery: recipe.evalEvery, batchSize: recipe.batchSize };
    const data = await load(recipe);
    if (typeof data === 'string') {
      recipesOut.push({ ...stated, reason: data });
      for (const contender of options.contenders) rows.push(summarise(recipe, contender, [], data));
      index += seeds.length * options.contenders.filter((c) => unavailable.get(c) === undefined).length;
      continue;
    }
    recipesOut.push({ ...stated, source: data.source, dataSeconds: data.seconds, trainCount: data.train.count, testCount: data.test.count });
    const runs = new Map<AccuracyContender, Array<AccuracyRun & { seed: number }>>();
    const reasons = new Map<AccuracyContender, string | undefined>();
    for (const contender of options.contenders) {
      runs.set(contender, []);
      reasons.set(contender, unavailable.get(contender) ?? contender.unsupportedRecipeReason?.(recipe));
    }
    for (const seed of seeds) {
      for (const contender of options.contenders) {
        if (unavailable.get(contender) !== undefined) continue;
        index += 1;
        if (reasons.get(contender) !== undefined) continue;
        // Once more than half the seeds missed the target, the median is "not reached" whatever the rest do:
        // skip them rather than spend the cap again (a slow contender would otherwise cost seeds x cap).
        const missed = (runs.get(contender) ?? []).filter((run) => !run.reached).length;
        if (missed > seeds.length / 2) continue;
        const where = { recipe: recipe.name, contender: contender.name, seed };
        emit({ type: 'start', ...where, index, total });
        try {
          const run = await contender.train(recipe, data, { seed, maxSeconds, onEvaluation: (point) => emit({ type: 'evaluation', ...where, point }) });
          runs.get(contender)?.push({ ...run, seed });
          emit({ type: 'end', ...where, index, total, run });
        } catch (error) {
          const message = (error as Error).message.split('\n')[0] ?? 'failed';
          reasons.set(contender, `failed: ${message}`);
          emit({ type: 'end', ...where, index, total, error: message });
        }
      }
    }
    for (const contender of options.contenders) rows.push(summarise(recipe, contender, runs.get(contender) ?? [], reasons.get(contender)));
  }
  const contenders = [];
  for (const contender of options.contenders) {
    const reason = unavailable.get(contender);
    const setup = reason === undefined ? await contender.setup?.() : undefined;
    contenders.push({ name: contender.name, kind: contender.kind, ...(setup === undefined ? {} : { setup }), ...(reason === undefined ? {} : { reason }) });
  }
  const end = await machine();
  return {
    version: 1,
    kind: 'to-accuracy',
    startedAt: started.toISOString(),
    seconds: (Date.now() - started.getTime()) / 1000,
    seeds,
    maxSeconds,
    // Load average at the start and at the end: the machine may be shared.
    machine: { ...startMachine, loadAverageEnd: end.loadAverage },
    recipes: recipesOut,
    contenders,
    rows,
  };
}

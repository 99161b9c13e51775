import type { RecipeData } from './recipe-data.js';
import type { Recipe } from './recipes.js';

/** One evaluation of the whole test set during a time-to-accuracy run. */
export interface AccuracyPoint {
  /** Seconds since training began (model built, evaluations included). */
  readonly seconds: number;
  readonly step: number;
  readonly epoch: number;
  readonly accuracy: number;
}

/** What one contender's run of one recipe with one seed gave. */
export interface AccuracyRun {
  readonly reached: boolean;
  /** Seconds to the evaluation that first reached the target, or null when it was not reached within the cap. */
  readonly seconds: number | null;
  readonly steps: number;
  readonly epochs: number;
  readonly bestAccuracy: number | null;
  /** Seconds trained in all (to the target, or to the cap). */
  readonly trainSeconds: number;
  /** Seconds the contender spent getting the bench's data into its own form before training (shown apart). */
  readonly dataSeconds: number;
  readonly curve: readonly AccuracyPoint[];
  readonly threads?: number | null;
}

/** Options of {@link AccuracyContender.train}. */
export interface AccuracyTrainOptions {
  readonly seed: number;
  /** Stop after this many seconds of training ("not reached"). */
  readonly maxSeconds: number;
  /** Told about every evaluation as it happens (progress lines). */
  readonly onEvaluation?: (point: AccuracyPoint) => void;
}

/**
 * Something that trains a {@link Recipe} to its target accuracy: nnlab's
 * `fit` on one backend, or a peer framework (PyTorch, jax-js, tfjs-layers).
 * Every contender trains the same model, optimizer, batch size and data
 * split, and evaluates the whole test set every `recipe.evalEvery` steps.
 */
export interface AccuracyContender {
  /** Row label (`native`, `torch`, `tfjs-layers (cpu)`). */
  readonly name: string;
  /** `nnlab` for nnlab's own rows, `peer` for other frameworks. */
  readonly kind: 'nnlab' | 'peer';
  /** Where it trains when not in this Node process (`browser`: headless Chromium), for the report and the chart. */
  readonly environment?: string;
  /** Why it cannot run on this machine (not installed, no device), or undefined. */
  unavailableReason(): Promise<string | undefined>;
  /** Why it cannot train this recipe, or undefined when it can. */
  unsupportedRecipeReason?(recipe: Recipe): string | undefined;
  /** Its set-up (version, threads, environment) once available, for the report. */
  setup?(): Promise<string | undefined>;
  train(recipe: Recipe, data: RecipeData, options: AccuracyTrainOptions): Promise<AccuracyRun>;
  dispose?(): Promise<void>;
}

/**
 * Shared bookkeeping of a JavaScript contender's run: counts steps, says
 * when to evaluate and when the cap is over, records the curve.
 */
export class AccuracyTracker {
  steps = 0;
  private started = 0;
  private readonly curve: AccuracyPoint[] = [];
  private reachedAt: number | null = null;
  private stoppedAt: number | undefined;

  constructor(
    private readonly recipe: Recipe,
    private readonly trainCount: number,
    private readonly options: AccuracyTrainOptions,
  ) {}

  /** Starts the clock (call before building the model). */
  start(): void {
    this.started = performance.now();
  }

  get elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  get epochs(): number {
    return (this.steps * this.recipe.batchSize) / this.trainCount;
  }

  /** True when the step just counted is an evaluation step. */
  isEvaluationStep(step: number): boolean {
    return step > 0 && step % this.recipe.evalEvery === 0;
  }

  /** Records an evaluation after `step`; true when the target is reached. */
  record(step: number, accuracy: number): boolean {
    const point = { seconds: this.elapsed, step, epoch: (step * this.recipe.batchSize) / this.trainCount, accuracy };
    this.curve.push(point);
    this.options.onEvaluation?.(point);
    if (accuracy >= this.recipe.target && this.reachedAt === null) this.reachedAt = point.seconds;
    return this.reachedAt !== null;
  }

  /**
   * Call when training stops without reaching the target: freezes the
   * training time and says whether a last evaluation is needed (none since
   * the last step), so that a run stopped by the cap still has a best accuracy.
   */
  stopWithoutTarget(): boolean {
    this.stoppedAt ??= this.elapsed;
    const last = this.curve[this.curve.length - 1];
    return this.steps > 0 && last?.step !== this.steps;
  }

  /** The evaluation after the cap: counts for the best accuracy, never as reaching the target. */
  recordFinal(accuracy: number): void {
    const point = { seconds: this.elapsed, step: this.steps, epoch: this.epochs, accuracy };
    this.curve.push(point);
    this.options.onEvaluation?.(point);
  }

  get reached(): boolean {
    return this.reachedAt !== null;
  }

  get overTime(): boolean {
    return this.elapsed >= this.options.maxSeconds;
  }

  result(dataSeconds: number, threads: number | null): AccuracyRun {
    const trainSeconds = this.reachedAt ?? this.stoppedAt ?? this.elapsed;
    return {
      reached: this.reachedAt !== null,
      seconds: this.reachedAt,
      steps: this.steps,
      epochs: this.epochs,
      bestAccuracy: this.curve.length === 0 ? null : Math.max(...this.curve.map((p) => p.accuracy)),
      trainSeconds,
      dataSeconds,
      curve: this.curve,
      threads,
    };
  }
}

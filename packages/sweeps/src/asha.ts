import { assertInteger, invalidOption, option } from '@nnlab/core';
import { metricOrder } from './rank-trials.js';
import { hashId } from './stable-hash.js';
import type { SweepValue } from './sweep-grid.js';
import type { TrialScheduler } from './trial-scheduler.js';
import { createTrial, type Trial } from './trial.js';
import type { SweepMetric, TrialResult } from './trial-result.js';
import type { TrainingJob } from './training-job.js';

/**
 * The epochs of each ASHA rung, smallest first: `maxEpochs / reduction^k`
 * (rounded down) for k = K..0, where K is the largest k that leaves at least
 * one epoch. Always ends with `maxEpochs`.
 *
 * @example
 * ashaRungs(9, 3);  // [1, 3, 9]
 * ashaRungs(10, 3); // [1, 3, 10]
 * ashaRungs(2, 3);  // [2]
 */
export function ashaRungs(maxEpochs: number, reduction: number): number[] {
  assertInteger(option('maxEpochs'), maxEpochs, 1);
  assertInteger(option('reduction'), reduction, 2);
  const rungs = [maxEpochs];
  for (let divisor = reduction; Math.floor(maxEpochs / divisor) >= 1; divisor *= reduction) rungs.unshift(Math.floor(maxEpochs / divisor));
  return rungs;
}

/** Options of {@link AshaScheduler}. */
export interface AshaOptions {
  /** Fixed options; its `epochs` is replaced by each rung's. */
  readonly base: TrainingJob;
  /** The configurations to try (from a grid or a random draw), in the order new ones start. */
  readonly configurations: ReadonlyArray<Readonly<Record<string, SweepValue>>>;
  /** Epochs of the top rung (integer >= 1). */
  readonly maxEpochs: number;
  /** Keep the best 1/reduction of each rung (integer >= 2). Default 3. */
  readonly reduction?: number;
  /** What "best" means. Default `validationAccuracy`. */
  readonly metric?: SweepMetric;
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020) as a
 * {@link TrialScheduler}. Every configuration starts on the lowest rung
 * (few epochs); whenever a trial can start, the highest rung with a
 * finished trial in its top `1/reduction` (of those finished there so far)
 * that was not promoted yet promotes it to the next rung, otherwise the next
 * new configuration starts. No rung waits for all of its trials, so results
 * may arrive in any order (a queue of many machines), and the worst trials
 * stop after the lowest rung's epochs. Failed trials are never promoted.
 *
 * A promoted trial is trained again from the start with the next rung's
 * epochs (same seed, so its first epochs repeat the lower rung's exactly);
 * it does not resume a checkpoint, because the lower rung may have run on
 * another machine. Its id is the hash of the fixed options with that rung's
 * epochs and its parameters, so every rung of every configuration has its
 * own deterministic id.
 *
 * @example
 * const asha = new AshaScheduler({ base, configurations, maxEpochs: 9, reduction: 3 });
 * await executor.run(asha, onEvent); // 9 configurations: 9 x 1 + 3 x 3 + 1 x 9 epochs
 */
export class AshaScheduler implements TrialScheduler {
  readonly sweepId: string;
  /** Epochs of each rung, lowest first (see {@link ashaRungs}). */
  readonly rungs: readonly number[];
  readonly reduction: number;
  readonly parallelism: number;
  /** The metric trials are compared by. */
  readonly metric: SweepMetric;
  private readonly base: TrainingJob;
  private readonly configurations: ReadonlyArray<Readonly<Record<string, SweepValue>>>;
  private readonly sign: number;
  /** Each configuration's trial on the lowest rung, in order. */
  readonly firstRung: readonly Trial[];
  /** Per rung: configuration index -> score (higher is better; failures -Infinity). */
  private readonly finished: Array<Map<number, number>>;
  private readonly promoted: Array<Set<number>>;
  private readonly handedOut = new Map<string, { configuration: number; rung: number }>();
  private nextConfiguration = 0;
  private running = 0;

  constructor(options: AshaOptions) {
    this.reduction = options.reduction ?? 3;
    this.rungs = ashaRungs(options.maxEpochs, this.reduction);
    if (options.configurations.length === 0) throw invalidOption`${option('strategy')} asha needs at least one configuration to try`;
    if (options.configurations.some((c) => 'epochs' in c)) {
      throw invalidOption`${option('strategy')} asha sets each trial's epochs itself (its rungs); do not sweep epochs, use ${option('maxEpochs')}`;
    }
    const metric = options.metric ?? 'validationAccuracy';
    this.metric = metric;
    this.sign = metricOrder(metric) === 'descending' ? 1 : -1;
    this.base = { ...options.base, epochs: options.maxEpochs };
    this.configurations = options.configurations;
    this.parallelism = options.configurations.length;
    this.sweepId = hashId({ fixed: this.base, strategy: 'asha', configurations: this.configurations, rungs: this.rungs, metric });
    this.finished = this.rungs.map(() => new Map());
    this.promoted = this.rungs.map(() => new Set());
    // Built up front so a bad configuration (say a width the model refuses) fails before anything trains.
    this.firstRung = this.configurations.map((_, index) => this.trial(index, 0));
  }

  /**
   * How many trials a full run hands out if none fail: every configuration
   * on the first rung, then `floor(n / reduction)` of the n on each rung.
   */
  plannedTrials(): number {
    let count = this.configurations.length;
    let total = count;
    for (let rung = 1; rung < this.rungs.length; rung++) {
      count = Math.floor(count / this.reduction);
      total += count;
    }
    return total;
  }

  next(): Trial | 'wait' | undefined {
    for (let rung = this.rungs.length - 2; rung >= 0; rung--) {
      const candidate = this.promotable(rung);
      if (candidate !== undefined) {
        this.promoted[rung]?.add(candidate);
        return this.handOut(this.trial(candidate, rung + 1), candidate, rung + 1);
      }
    }
    if (this.nextConfiguration < this.configurations.length) {
      const index = this.nextConfiguration++;
      return this.handOut(this.firstRung[index] as Trial, index, 0);
    }
    return this.running > 0 ? 'wait' : undefined;
  }

  report(result: TrialResult): void {
    const where = this.handedOut.get(result.trialId);
    if (where === undefined) return;
    this.handedOut.delete(result.trialId);
    this.running -= 1;
    const value = result.metrics[this.metric];
    const score = result.status === 'completed' && value !== null ? this.sign * value : Number.NEGATIVE_INFINITY;
    this.finished[where.rung]?.set(where.configuration, score);
  }

  /** The best finished, not yet promoted configuration of `rung` within its top 1/reduction, if any. */
  private promotable(rung: number): number | undefined {
    const finished = this.finished[rung] as Map<number, number>;
    const quota = Math.floor(finished.size / this.reduction);
    if (quota === 0) return undefined;
    const ranked = [...finished].sort(([a, x], [b, y]) => (y !== x ? y - x : a - b)).slice(0, quota);
    return ranked.find(([index, score]) => score > Number.NEGATIVE_INFINITY && !this.promoted[rung]?.has(index))?.[0];
  }

  private trial(configuration: number, rung: number): Trial {
    const base = { ...this.base, epochs: this.rungs[rung] as number };
    return createTrial(base, this.configurations[configuration] as Readonly<Record<string, SweepValue>>, { sweepId: this.sweepId, index: configuration });
  }

  private handOut(trial: Trial, configuration: number, rung: number): Trial {
    this.handedOut.set(trial.id, { configuration, rung });
    this.running += 1;
    return trial;
  }
}

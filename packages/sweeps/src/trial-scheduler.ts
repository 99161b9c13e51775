import type { Trial } from './trial.js';
import type { TrialResult } from './trial-result.js';

/**
 * Decides which trial runs next while a sweep runs, from the results so far.
 * A grid or a random search is a fixed list ({@link listScheduler}); ASHA
 * (`AshaScheduler`) adds promotions as results come in, in any order.
 * Executors call {@link next} whenever they can start a trial and
 * {@link report} for every result, so the same strategy runs on local
 * processes and on a queue.
 */
export interface TrialScheduler {
  /**
   * The next trial to start; `'wait'` when none can start until a running
   * trial reports; `undefined` when the sweep will never hand out another.
   */
  next(): Trial | 'wait' | undefined;
  /** Records a finished trial (completed or failed); may make new trials available. */
  report(result: TrialResult): void;
  /** How many trials could ever run at the same time: sizes worker pools. */
  readonly parallelism: number;
}

/**
 * A {@link TrialScheduler} that hands out `trials` in order and ignores results.
 *
 * @example
 * const scheduler = listScheduler(expandGrid(definition).trials);
 */
export function listScheduler(trials: readonly Trial[]): TrialScheduler {
  let position = 0;
  return {
    parallelism: trials.length,
    next: () => trials[position++],
    report: () => {},
  };
}

/** `trials` as a scheduler: lists become {@link listScheduler}s, schedulers are returned as they are. */
export function asScheduler(trials: readonly Trial[] | TrialScheduler): TrialScheduler {
  return Array.isArray(trials) ? listScheduler(trials as readonly Trial[]) : (trials as TrialScheduler);
}

import type { EpochLog } from '@nnlab/trainers';
import type { Trial } from './trial.js';
import type { TrialScheduler } from './trial-scheduler.js';
import type { TrialOutcome, TrialResult } from './trial-result.js';

/** What an executor reports while a sweep runs. */
export type SweepEvent =
  | { readonly type: 'trial-started'; readonly trial: Trial; readonly worker: string }
  | { readonly type: 'trial-epoch'; readonly trial: Trial; readonly worker: string; readonly log: EpochLog }
  | { readonly type: 'trial-finished'; readonly result: TrialResult }
  | { readonly type: 'worker-exited'; readonly worker: string; readonly reason: string };

/** Options of {@link SweepExecutor.run}. */
export interface SweepRunOptions {
  /** Stops handing out trials and ends running ones; `run` then resolves with the results so far. */
  readonly signal?: AbortSignal;
}

/**
 * Runs trials somewhere: local worker processes, this process, or a job
 * queue feeding other machines. Trials and results are plain data, so an
 * executor only moves them; it never needs to know how a model is trained.
 * `run` takes a list of trials or a {@link TrialScheduler} (which may add
 * trials as results come in, e.g. ASHA's promotions: the executor asks it
 * whenever it can start one and reports every result to it), and resolves
 * with one {@link TrialResult} per trial run (failures included, never
 * thrown), in the order they finished.
 */
export interface SweepExecutor {
  run(trials: readonly Trial[] | TrialScheduler, onEvent: (event: SweepEvent) => void, options?: SweepRunOptions): Promise<TrialResult[]>;
}

/** Trains one trial's job, reporting each epoch; throws when the trial fails. */
export type TrialRunner = (trial: Trial, onEpoch: (log: EpochLog) => void) => Promise<TrialOutcome>;

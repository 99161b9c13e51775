import { assertInteger } from '@nnlab/core';
import { asScheduler, type TrialScheduler } from './trial-scheduler.js';
import type { SweepEvent, SweepExecutor, SweepRunOptions } from './sweep-executor.js';
import type { Trial } from './trial.js';
import type { TrialResult } from './trial-result.js';

/**
 * True for a failed trial that may succeed when run again: its worker
 * process died (killed, out of memory, a native crash) or it hit an
 * internal error. nnlab errors (a bad model string, a missing dataset) are
 * not retried: they would fail the same way.
 */
export function isRetryableFailure(result: TrialResult): boolean {
  if (result.status !== 'failed') return false;
  const error = result.error ?? '';
  return error.startsWith('internal error:') || /^worker \S+ \(pid [^)]*\) (exited with code|was killed by|could not run)/.test(error);
}

/** Options of {@link RetryingExecutor}. */
export interface RetryingExecutorOptions {
  /** Extra attempts of a trial whose worker died or that hit an internal error (integer >= 0, default 1). */
  readonly retries?: number;
  /** Told about each failed attempt that will be retried (`attempt` is the one that failed, from 1). */
  readonly onRetry?: (result: TrialResult, attempt: number, attempts: number) => void;
}

/**
 * A {@link SweepExecutor} that runs trials (a list, or a scheduler such as
 * ASHA's) on another executor and runs again, up to `retries` times, those
 * whose worker died or that hit an internal error (see
 * {@link isRetryableFailure}). A failed attempt that will be retried is told
 * to `onRetry` and is neither reported as finished nor shown to the
 * scheduler, so a sweep records one result per trial (its last attempt) and
 * ASHA ranks and promotes on that. Retries are handed out when the trials
 * before them are: once the list is used up, or while a scheduler waits.
 *
 * @example
 * const executor = new RetryingExecutor(new LocalProcessExecutor({ workers: 2 }), { retries: 1 });
 */
export class RetryingExecutor implements SweepExecutor {
  readonly retries: number;

  constructor(
    private readonly inner: SweepExecutor,
    private readonly options: RetryingExecutorOptions = {},
  ) {
    this.retries = assertInteger('retries', options.retries ?? 1, 0);
  }

  async run(trials: readonly Trial[] | TrialScheduler, onEvent: (event: SweepEvent) => void, options: SweepRunOptions = {}): Promise<TrialResult[]> {
    const scheduler = new RetryingScheduler(asScheduler(trials), this.retries, (result, attempt) => this.options.onRetry?.(result, attempt, this.retries + 1), options.signal);
    const results: TrialResult[] = [];
    await this.inner.run(
      scheduler,
      (event) => {
        if (event.type === 'trial-finished') {
          if (scheduler.isRetried(event.result)) return;
          results.push(event.result);
        }
        onEvent(event);
      },
      options,
    );
    return results;
  }
}

/** Wraps a scheduler: keeps retryable failures from it and hands their trials out again. */
class RetryingScheduler implements TrialScheduler {
  private readonly attempts = new Map<string, number>();
  private readonly handedOut = new Map<string, Trial>();
  private readonly queued: Trial[] = [];
  /** Trials with a retry queued or running: the sweep is not over until they report. */
  private readonly retrying = new Set<string>();
  private readonly retried = new WeakSet<TrialResult>();

  constructor(
    private readonly inner: TrialScheduler,
    private readonly retries: number,
    private readonly onRetry: (result: TrialResult, attempt: number) => void,
    private readonly signal: AbortSignal | undefined,
  ) {}

  get parallelism(): number {
    return this.inner.parallelism;
  }

  next(): Trial | 'wait' | undefined {
    const next = this.inner.next();
    if (next !== undefined && next !== 'wait') {
      this.handedOut.set(next.id, next);
      return next;
    }
    const retry = this.queued.shift();
    if (retry !== undefined) return retry;
    return next === undefined && this.retrying.size > 0 ? 'wait' : next;
  }

  report(result: TrialResult): void {
    const attempt = (this.attempts.get(result.trialId) ?? 0) + 1;
    this.attempts.set(result.trialId, attempt);
    const trial = this.handedOut.get(result.trialId);
    if (trial !== undefined && attempt <= this.retries && isRetryableFailure(result) && this.signal?.aborted !== true) {
      this.retried.add(result);
      this.retrying.add(result.trialId);
      this.queued.push(trial);
      this.onRetry(result, attempt);
      return;
    }
    this.retrying.delete(result.trialId);
    this.inner.report(result);
  }

  /** Whether `result` is a failed attempt that was handed out again (not the trial's result). */
  isRetried(result: TrialResult): boolean {
    return this.retried.has(result);
  }
}

import { assertInteger } from '@nnlab/core';
import type { SweepEvent, SweepExecutor, SweepRunOptions, Trial, TrialResult } from '@nnlab/trainers';

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
 * A {@link SweepExecutor} that runs trials on another executor and runs
 * again, up to `retries` times, those whose worker died or that hit an
 * internal error (see {@link isRetryableFailure}). A failed attempt that
 * will be retried is told to `onRetry` and never reported as finished, so a
 * sweep records one result per trial: its last attempt. Retries run in
 * rounds, after the trials before them.
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

  async run(trials: readonly Trial[], onEvent: (event: SweepEvent) => void, options: SweepRunOptions = {}): Promise<TrialResult[]> {
    const attempts = new Map<string, number>();
    const results: TrialResult[] = [];
    let round = [...trials];
    while (round.length > 0 && options.signal?.aborted !== true) {
      const again: Trial[] = [];
      const byId = new Map(round.map((trial) => [trial.id, trial]));
      await this.inner.run(
        round,
        (event) => {
          if (event.type === 'trial-finished') {
            const { result } = event;
            const attempt = (attempts.get(result.trialId) ?? 0) + 1;
            attempts.set(result.trialId, attempt);
            const trial = byId.get(result.trialId);
            if (trial !== undefined && attempt <= this.retries && isRetryableFailure(result) && options.signal?.aborted !== true) {
              again.push(trial);
              this.options.onRetry?.(result, attempt, this.retries + 1);
              return;
            }
            results.push(result);
          }
          onEvent(event);
        },
        options,
      );
      round = again;
    }
    return results;
  }
}

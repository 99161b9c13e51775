import type { EpochLog } from '@nnlab/trainers';
import type { SweepEvent, SweepExecutor, SweepRunOptions, TrialRunner } from './sweep-executor.js';
import type { Trial } from './trial.js';
import { asScheduler, type TrialScheduler } from './trial-scheduler.js';
import { completedTrial, failedTrial, type TrialResult } from './trial-result.js';

/**
 * A {@link SweepExecutor} that runs trials one after another in this
 * process with `runTrial`. No isolation (a trial that leaks tensors or
 * crashes the process takes the sweep with it), but it needs no processes,
 * so it suits browsers, notebooks and tests.
 *
 * @example
 * const results = await inProcessExecutor(runTrial).run(plan.trials, (event) => console.log(event.type));
 */
export function inProcessExecutor(runTrial: TrialRunner): SweepExecutor {
  return {
    async run(trials: readonly Trial[] | TrialScheduler, onEvent: (event: SweepEvent) => void, options: SweepRunOptions = {}): Promise<TrialResult[]> {
      const scheduler = asScheduler(trials);
      const results: TrialResult[] = [];
      const worker = 'in-process';
      for (;;) {
        if (options.signal?.aborted === true) break;
        // One trial at a time: nothing is running between trials, so 'wait' cannot happen here.
        const trial = scheduler.next();
        if (trial === undefined || trial === 'wait') break;
        onEvent({ type: 'trial-started', trial, worker });
        const history: EpochLog[] = [];
        const started = performance.now();
        let result: TrialResult;
        try {
          const outcome = await runTrial(trial, (log) => {
            history.push(log);
            onEvent({ type: 'trial-epoch', trial, worker, log });
          });
          result = completedTrial(trial, outcome, (performance.now() - started) / 1000, worker);
        } catch (error) {
          result = failedTrial(trial, (error as Error)?.message ?? String(error), (performance.now() - started) / 1000, worker, history);
        }
        results.push(result);
        scheduler.report(result);
        onEvent({ type: 'trial-finished', result });
      }
      return results;
    },
  };
}

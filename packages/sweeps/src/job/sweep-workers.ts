import { availableParallelism } from 'node:os';
import { estimateModelMemory, parseModelSpec } from '@nnlab/models';
import type { Trial } from '../trial.js';
import { checkModelMemory, checkWorkers, memoryLimit, WORKER_PROCESS_BYTES } from './memory-limit.js';

/** What {@link sweepWorkers} decided. */
export interface SweepWorkers {
  /** Worker processes to start (at least 1, at most one per trial). */
  readonly workers: number;
  /** This machine's cores: more `workers` than these take turns on them, which is slower, not faster. */
  readonly cores: number;
  /** The estimated training memory of the largest trial. */
  readonly perTrialBytes: number;
}

/**
 * How many worker processes a local sweep of `trials` runs: `workers` when
 * given (refused, naming `workers`, when that many trials at once would not
 * fit in `maxMemory`), else one per core, fewer when memory allows fewer.
 * Refuses the sweep when one trial alone is over the limit; trials whose
 * model string is bad are left to fail on their own.
 *
 * @throws InvalidOptionError naming `workers`, `batchSize` or `maxMemory` and the estimate.
 * @example
 * const { workers } = sweepWorkers(plan.trials, { maxMemory: 8e9 });
 * await new LocalProcessExecutor({ workers }).run(plan.trials, onEvent);
 */
export function sweepWorkers(trials: readonly Trial[], options: { readonly workers?: number | undefined; readonly maxMemory?: number | undefined } = {}): SweepWorkers {
  const { maxMemory } = options;
  let perTrialBytes = 0;
  for (const { job } of trials) {
    let spec;
    try {
      spec = parseModelSpec(job.model);
    } catch {
      continue;
    }
    checkModelMemory(spec, { batchSize: job.batchSize, backend: job.backend, ...(maxMemory === undefined ? {} : { maxMemory }) });
    perTrialBytes = Math.max(perTrialBytes, estimateModelMemory(spec, { batchSize: job.batchSize }).bytes);
  }
  const cores = availableParallelism();
  const fitting = Math.max(1, Math.floor(memoryLimit(maxMemory).bytes / (perTrialBytes + WORKER_PROCESS_BYTES)));
  const workers = Math.max(1, Math.min(options.workers ?? Math.min(cores, fitting), trials.length));
  if (options.workers !== undefined) checkWorkers(options.workers, workers, perTrialBytes, maxMemory);
  return { workers, cores, perTrialBytes };
}

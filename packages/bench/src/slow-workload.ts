import type { StepVariant } from './step-runner.js';
import type { Workload } from './workloads.js';

/** Examples in the probe step that estimates a heavy workload's step time. */
const PROBE_BATCH = 2;

/**
 * Why a heavy workload ({@link Workload.skipWhenSlow}) is left out of a
 * default run on the active backend, or undefined when it fits: one step of
 * `batchSize` examples, estimated from a warm {@link PROBE_BATCH}-example
 * step of `variant`, must fit in `secondsPerRepeat` (the budget's share of
 * one timed repeat). Costs two small steps: a few seconds for cnn3 on the
 * cpu backend, which then skips it, instead of a minute or more per step
 * (2 examples, not 1, so batch statistics of any layer have two values).
 */
export async function tooSlowReason(variant: StepVariant, workload: Workload, options: { batchSize: number; seed: number; secondsPerRepeat: number }): Promise<string | undefined> {
  if (workload.skipWhenSlow !== true || options.batchSize <= PROBE_BATCH) return undefined;
  const runner = await variant.create(workload, { seed: options.seed, batchSize: PROBE_BATCH });
  try {
    await runner.step(); // compiles, allocates, picks threads
    const started = performance.now();
    await runner.step();
    const estimate = ((performance.now() - started) / 1000) * (options.batchSize / PROBE_BATCH);
    if (estimate <= options.secondsPerRepeat) return undefined;
    return (
      `too slow here for the default run: one step of ${options.batchSize} would take about ${estimate.toFixed(1)} s ` +
      `(from a ${PROBE_BATCH}-example step), more than a repeat's share of the budget (${options.secondsPerRepeat.toFixed(1)} s); ` +
      `select the workload by name to run it anyway (nnlab bench --workload ${workload.name})`
    );
  } finally {
    runner.dispose();
  }
}

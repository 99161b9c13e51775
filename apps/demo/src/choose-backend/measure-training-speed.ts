import { selectWorkloads } from '@nnlab/bench';
import type { BackendProvider } from '@nnlab/core';
import { asyncNnlabVariant } from '../bench/async-nnlab-variant.js';

/** Options of {@link measureTrainingSpeed}. */
export interface SpeedProbeOptions {
  /** How long to time steps for, after one untimed warm-up step (default 300 ms). */
  readonly windowMs?: number;
  /** At most this many timed steps (default 10). */
  readonly maxSteps?: number;
  /** Activation timeout (a hung driver must not hang the page). */
  readonly activateTimeoutMs?: number;
}

/**
 * Activates `backend` and times a few training steps of the bench's `mlp`
 * workload (the page's default model: 784-300-10, batch 64, Adam) on random
 * data: one warm-up step (kernels compile, shaders link), then steps until
 * `windowMs` has passed (none when the warm-up step alone took that long:
 * its time stands in). Returns training examples per second; frees
 * everything it made.
 *
 * @example
 * const samplesPerSec = await measureTrainingSpeed(wasmBackend, { windowMs: 300 });
 */
export async function measureTrainingSpeed(backend: BackendProvider, options: SpeedProbeOptions = {}): Promise<number> {
  const { windowMs = 300, maxSteps = 10, activateTimeoutMs } = options;
  await backend.activate(activateTimeoutMs === undefined ? {} : { timeoutMs: activateTimeoutMs });
  const [workload] = selectWorkloads(['mlp']);
  if (workload === undefined) throw new Error('the bench has no mlp workload');
  const runner = await asyncNnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
  try {
    const warmUpStart = performance.now();
    await runner.step();
    const warmUp = performance.now() - warmUpStart;
    // A backend whose first step alone fills the window is slow: that step (an underestimate of its speed) is enough to rank it.
    if (warmUp >= windowMs) return workload.batchSize / (warmUp / 1000);
    const start = performance.now();
    let steps = 0;
    let elapsed = 0;
    // At least one timed step, however slow; then until the window is over.
    while (steps === 0 || (steps < maxSteps && elapsed < windowMs)) {
      const loss = await runner.step();
      if (!Number.isFinite(loss)) throw new Error(`the probe's training step gave a ${loss} loss`);
      steps += 1;
      elapsed = performance.now() - start;
    }
    return (steps * workload.batchSize) / (Math.max(elapsed, 0.001) / 1000);
  } finally {
    runner.dispose();
  }
}

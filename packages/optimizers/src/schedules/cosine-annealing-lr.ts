import { assertInteger, assertNumber, InvalidArgumentError } from '@nnlab/core';
import type { Schedule } from '../optimizer.js';
import { assertStep } from './schedule-step.js';

/** Options for {@link cosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Peak rate: at step 0 without warm-up, at the end of the warm-up otherwise. */
  readonly learningRate: number;
  /** Steps (or epochs) from the peak to `etaMin`, counted after the warm-up; an integer >= 1. */
  readonly tMax: number;
  /** Lowest rate (default 0). */
  readonly etaMin?: number;
  /** Steps of linear warm-up before the cosine (default 0: none). */
  readonly warmupSteps?: number;
  /** Warm-up starts at `warmupStartFactor * learningRate` (default 1/3, PyTorch `LinearLR`'s), in (0, 1]. */
  readonly warmupStartFactor?: number;
}

/**
 * PyTorch's `CosineAnnealingLR` (without restarts), optionally after a linear
 * warm-up, i.e. `SequentialLR([LinearLR(startFactor, 1, warmupSteps),
 * CosineAnnealingLR(tMax, etaMin)], milestones=[warmupSteps])`:
 *
 * - `step < warmupSteps`: `learningRate * (s + (1 - s) * step / warmupSteps)` with `s = warmupStartFactor`;
 * - after: `etaMin + (learningRate - etaMin) * (1 + cos(pi * t / tMax)) / 2` with `t = step - warmupSteps`.
 *
 * Past `tMax` the rate rises again along the same cosine, as PyTorch's does;
 * choose `tMax` to cover the run. `step` counts optimizer steps or epochs, as
 * for {@link stepLR}. PyTorch computes the cosine by a recurrence; this closed
 * form matches it to ~1e-15 relative.
 *
 * @example
 * const schedule = cosineAnnealingLR({ learningRate: 0.1, tMax: 8, warmupSteps: 2 });
 * [schedule(0), schedule(2), schedule(6), schedule(10)]; // [0.0333, 0.1, 0.05, 0]
 */
export function cosineAnnealingLR(options: CosineAnnealingLROptions): Schedule {
  const learningRate = assertNumber('cosineAnnealingLR learningRate', options?.learningRate, { min: 0 });
  const tMax = assertInteger('cosineAnnealingLR tMax', options.tMax, 1);
  const etaMin = assertNumber('cosineAnnealingLR etaMin', options.etaMin ?? 0, { min: 0 });
  const warmupSteps = assertInteger('cosineAnnealingLR warmupSteps', options.warmupSteps ?? 0, 0);
  const startFactor = assertNumber('cosineAnnealingLR warmupStartFactor', options.warmupStartFactor ?? 1 / 3, { min: 0, max: 1, exclusiveMin: true });
  if (etaMin > learningRate) {
    throw new InvalidArgumentError(`cosineAnnealingLR etaMin (${etaMin}) must not exceed learningRate (${learningRate})`);
  }
  return (step) => {
    assertStep('cosineAnnealingLR', step);
    if (step < warmupSteps) return learningRate * (startFactor + ((1 - startFactor) * step) / warmupSteps);
    const t = step - warmupSteps;
    return etaMin + ((learningRate - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
  };
}

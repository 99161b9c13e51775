import { assertInteger, assertNumber, InvalidArgumentError } from '@nnlab/core';
import type { Schedule } from '../optimizer.js';
import { assertStep } from './schedule-step.js';

/** Options for {@link multiStepLR}. */
export interface MultiStepLROptions {
  /** Rate at step 0. */
  readonly learningRate: number;
  /** Steps (or epochs) at which the rate is multiplied by `gamma`; a milestone listed twice applies twice (as in PyTorch). */
  readonly milestones: readonly number[];
  /** Multiplier per milestone passed (default 0.1, PyTorch's). */
  readonly gamma?: number;
}

/**
 * PyTorch's `MultiStepLR`: `learningRate * gamma ** (number of milestones <= step)`.
 * `step` counts optimizer steps or epochs, as for {@link stepLR}.
 *
 * @example
 * const schedule = multiStepLR({ learningRate: 0.1, milestones: [30, 80] });
 * [schedule(29), schedule(30), schedule(80)]; // [0.1, 0.01, 0.001]
 */
export function multiStepLR(options: MultiStepLROptions): Schedule {
  const learningRate = assertNumber('multiStepLR learningRate', options?.learningRate, { min: 0 });
  if (!Array.isArray(options.milestones)) {
    throw new InvalidArgumentError(`multiStepLR milestones must be an array of integers >= 0, got ${String(options.milestones)}`);
  }
  const milestones = options.milestones.map((m, i) => assertInteger(`multiStepLR milestones[${i}]`, m, 0));
  const gamma = assertNumber('multiStepLR gamma', options.gamma ?? 0.1, { min: 0, exclusiveMin: true });
  return (step) => {
    assertStep('multiStepLR', step);
    let passed = 0;
    for (const milestone of milestones) if (milestone <= step) passed += 1;
    return learningRate * gamma ** passed;
  };
}

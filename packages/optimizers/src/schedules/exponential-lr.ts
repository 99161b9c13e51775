import { assertNumber } from '@nnlab/core';
import type { Schedule } from '../optimizer.js';
import { assertStep } from './schedule-step.js';

/** Options for {@link exponentialLR}. */
export interface ExponentialLROptions {
  /** Rate at step 0. */
  readonly learningRate: number;
  /** Multiplier per step (or epoch), > 0. */
  readonly gamma: number;
}

/**
 * PyTorch's `ExponentialLR`: `learningRate * gamma ** step`. PyTorch multiplies
 * the previous rate by `gamma` each step; the closed form differs from that
 * product by a few ulps only. `step` counts optimizer steps or epochs, as for
 * {@link stepLR}.
 *
 * @example
 * exponentialLR({ learningRate: 0.1, gamma: 0.95 })(2); // 0.09025
 */
export function exponentialLR(options: ExponentialLROptions): Schedule {
  const learningRate = assertNumber('exponentialLR learningRate', options?.learningRate, { min: 0 });
  const gamma = assertNumber('exponentialLR gamma', options.gamma, { min: 0, exclusiveMin: true });
  return (step) => learningRate * gamma ** assertStep('exponentialLR', step);
}

import { assertInteger, assertNumber } from '@nnlab/core';
import type { Schedule } from '../optimizer.js';
import { assertStep } from './schedule-step.js';

/** Options for {@link stepLR}. */
export interface StepLROptions {
  /** Rate at step 0. */
  readonly learningRate: number;
  /** Steps (or epochs) between decays; an integer >= 1. */
  readonly stepSize: number;
  /** Multiplier applied every `stepSize` steps (default 0.1, PyTorch's). */
  readonly gamma?: number;
}

/**
 * PyTorch's `StepLR`: `learningRate * gamma ** floor(step / stepSize)`.
 *
 * `step` counts whatever the caller counts. Given to an optimizer as its
 * `learningRate`, it is the number of optimizer steps taken; for a per-epoch
 * decay (the usual use, PyTorch's `scheduler.step()` once per epoch) drive it
 * from `@nnlab/trainers`' `learningRateScheduler((epoch) => schedule(epoch - 1))`.
 *
 * @example
 * const schedule = stepLR({ learningRate: 0.1, stepSize: 30 }); // 0.1, then 0.01 from step 30, ...
 * schedule(30); // 0.01
 */
export function stepLR(options: StepLROptions): Schedule {
  const learningRate = assertNumber('stepLR learningRate', options?.learningRate, { min: 0 });
  const stepSize = assertInteger('stepLR stepSize', options.stepSize, 1);
  const gamma = assertNumber('stepLR gamma', options.gamma ?? 0.1, { min: 0, exclusiveMin: true });
  return (step) => learningRate * gamma ** Math.floor(assertStep('stepLR', step) / stepSize);
}

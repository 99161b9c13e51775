import { assertInteger, assertNumber, assertOneOf, InvalidArgumentError } from '@nnlab/core';
import type { Schedule } from '../optimizer.js';
import { assertStep } from './schedule-step.js';

/** Options for {@link oneCycleLR}. */
export interface OneCycleLROptions {
  /** Peak rate. */
  readonly maxLearningRate: number;
  /** Optimizer steps in the cycle (epochs x batches per epoch); an integer >= 1. */
  readonly totalSteps: number;
  /** Fraction of the cycle spent rising to the peak (default 0.3). */
  readonly pctStart?: number;
  /** 'cos' (default) or 'linear' interpolation within each phase. */
  readonly annealStrategy?: 'cos' | 'linear';
  /** Start at `maxLearningRate / divFactor` (default 25). */
  readonly divFactor?: number;
  /** End at `maxLearningRate / divFactor / finalDivFactor` (default 1e4). */
  readonly finalDivFactor?: number;
  /** Fall back to the start rate before annealing to the end (fast.ai's variant; default false). */
  readonly threePhase?: boolean;
}

interface Phase {
  readonly end: number;
  readonly from: number;
  readonly to: number;
}

/**
 * PyTorch's `OneCycleLR` (learning rate only; momentum is not cycled): rises
 * from `maxLearningRate / divFactor` to `maxLearningRate` over the first
 * `pctStart * totalSteps - 1` steps, then anneals to
 * `maxLearningRate / divFactor / finalDivFactor` at step `totalSteps - 1`,
 * with PyTorch's phase boundaries and `cos`/`linear` interpolation.
 *
 * `step` counts optimizer steps (give it to the optimizer as `learningRate`).
 * Defined for steps `0..totalSteps` (the last only so the rate after the final
 * step can be read, as PyTorch allows); later steps throw, as PyTorch does.
 *
 * @example
 * const optimizer = sgd(model, { learningRate: oneCycleLR({ maxLearningRate: 0.1, totalSteps: epochs * batchesPerEpoch }), momentum: 0.9 });
 */
export function oneCycleLR(options: OneCycleLROptions): Schedule {
  const maxLearningRate = assertNumber('oneCycleLR maxLearningRate', options?.maxLearningRate, { min: 0 });
  const totalSteps = assertInteger('oneCycleLR totalSteps', options.totalSteps, 1);
  const pctStart = assertNumber('oneCycleLR pctStart', options.pctStart ?? 0.3, { min: 0, max: 1 });
  const anneal = assertOneOf('oneCycleLR annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
  const divFactor = assertNumber('oneCycleLR divFactor', options.divFactor ?? 25, { min: 0, exclusiveMin: true });
  const finalDivFactor = assertNumber('oneCycleLR finalDivFactor', options.finalDivFactor ?? 1e4, { min: 0, exclusiveMin: true });
  const initial = maxLearningRate / divFactor;
  const final = initial / finalDivFactor;
  // PyTorch's phase ends (inclusive, possibly fractional).
  const rise = pctStart * totalSteps - 1;
  const phases: Phase[] =
    options.threePhase === true
      ? [
          { end: rise, from: initial, to: maxLearningRate },
          { end: 2 * pctStart * totalSteps - 2, from: maxLearningRate, to: initial },
          { end: totalSteps - 1, from: initial, to: final },
        ]
      : [
          { end: rise, from: initial, to: maxLearningRate },
          { end: totalSteps - 1, from: maxLearningRate, to: final },
        ];
  const interpolate =
    anneal === 'cos'
      ? (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (from: number, to: number, pct: number) => (to - from) * pct + from;
  return (step) => {
    assertStep('oneCycleLR', step);
    if (step > totalSteps) {
      throw new InvalidArgumentError(`oneCycleLR was asked for step ${step}, past its totalSteps ${totalSteps}; make totalSteps cover the whole run`);
    }
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i] as Phase;
      if (step <= phase.end || i === phases.length - 1) {
        // A zero-length phase (tiny totalSteps) would divide by zero in PyTorch; take its end value.
        const pct = phase.end === start ? 1 : (step - start) / (phase.end - start);
        return interpolate(phase.from, phase.to, pct);
      }
      start = phase.end;
    }
    return final;
  };
}

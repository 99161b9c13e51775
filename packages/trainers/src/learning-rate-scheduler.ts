import { InvalidArgumentError } from '@nnlab/core';
import type { Callback } from './callback.js';

/**
 * Sets the optimizer's learning rate at the start of every epoch from
 * `schedule(epoch, currentLearningRate)` (epoch is 1-based), like Keras'
 * LearningRateScheduler. For per-step schedules pass a function as the
 * optimizer's `learningRate` instead.
 *
 * @example
 * learningRateScheduler((epoch, lr) => (epoch % 10 === 0 ? lr * 0.1 : lr));
 */
export function learningRateScheduler(schedule: (epoch: number, learningRate: number) => number): Callback {
  return {
    onEpochBegin(epoch, context) {
      const next = schedule(epoch, context.optimizer.currentLearningRate);
      if (!Number.isFinite(next) || next < 0) {
        throw new InvalidArgumentError(`learning-rate schedule returned ${next} for epoch ${epoch}; expected a finite number >= 0`);
      }
      context.optimizer.learningRate = next;
    },
  };
}

import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { assertKnownOptions } from './option-checks.js';
import { type LearningRate, Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { scaleByRms } from './scale-by-rms.js';

/** Options of {@link rmsprop} (PyTorch's `torch.optim.RMSprop`). */
export interface RmspropOptions {
  /** A number >= 0 or a schedule. Default 1e-2. */
  learningRate?: LearningRate;
  /** Smoothing constant, in [0, 1]. Default 0.99. */
  alpha?: number;
  /** Denominator stabiliser, >= 0. Default 1e-8. */
  epsilon?: number;
  /** L2 penalty added to the gradient, >= 0. Default 0. */
  weightDecay?: number;
  /** Momentum factor, >= 0. Default 0. */
  momentum?: number;
  /** Normalise by the estimated variance. Default false. */
  centered?: boolean;
}

const RMSPROP_OPTIONS = ['learningRate', 'alpha', 'epsilon', 'weightDecay', 'momentum', 'centered'] as const;

/**
 * RMSprop, matching PyTorch: `g += weightDecay * p`; `s = alpha s + (1 - alpha) g^2`;
 * `d = g / (sqrt(s - (centered ? a^2 : 0)) + epsilon)`; with momentum
 * `buf = momentum buf + d` and `p -= lr * buf`, else `p -= lr * d`.
 * Chain: `addDecayedWeights`, `scaleByRms`, `scaleByLearningRate`.
 *
 * @example
 * const optimizer = rmsprop(model, { learningRate: 1e-3, centered: true });
 */
export function rmsprop(parameters: ParameterSource, options: RmspropOptions = {}): Optimizer {
  assertKnownOptions('rmsprop', options, RMSPROP_OPTIONS);
  const { learningRate = 1e-2, alpha, epsilon, weightDecay = 0, momentum, centered } = options;
  const transform = chain(
    addDecayedWeights(weightDecay),
    scaleByRms({ alpha, epsilon, centered, momentum }),
    scaleByLearningRate(),
  );
  return new Optimizer(parameters, transform, { learningRate });
}

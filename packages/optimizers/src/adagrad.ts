import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { assertKnownOptions } from './option-checks.js';
import { type LearningRate, Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';
import { scaleByAdagrad } from './scale-by-adagrad.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';

/** Options of {@link adagrad} (PyTorch's `torch.optim.Adagrad`). */
export interface AdagradOptions {
  /** A number >= 0 or a schedule. Default 1e-2. */
  learningRate?: LearningRate;
  /** Step-size decay: step t uses `lr / (1 + (t - 1) * learningRateDecay)`. Default 0. */
  learningRateDecay?: number;
  /** L2 penalty added to the gradient, >= 0. Default 0. */
  weightDecay?: number;
  /** Starting value of the squared-gradient sum, >= 0. Default 0. */
  initialAccumulatorValue?: number;
  /** Denominator stabiliser, >= 0. Default 1e-10. */
  epsilon?: number;
}

const ADAGRAD_OPTIONS = ['learningRate', 'learningRateDecay', 'weightDecay', 'initialAccumulatorValue', 'epsilon'] as const;

/**
 * Adagrad, matching PyTorch: `g += weightDecay * p`; `sum += g^2`;
 * `p -= lr / (1 + (t - 1) * learningRateDecay) * g / (sqrt(sum) + epsilon)`.
 * Chain: `addDecayedWeights`, `scaleByAdagrad`, `scaleByLearningRate`.
 *
 * @example
 * const optimizer = adagrad(model, { learningRate: 0.05 });
 */
export function adagrad(parameters: ParameterSource, options: AdagradOptions = {}): Optimizer {
  assertKnownOptions('adagrad', options, ADAGRAD_OPTIONS);
  const { learningRate = 1e-2, learningRateDecay, weightDecay = 0, initialAccumulatorValue, epsilon } = options;
  const transform = chain(
    addDecayedWeights(weightDecay),
    scaleByAdagrad({ initialAccumulatorValue, epsilon, learningRateDecay }),
    scaleByLearningRate(),
  );
  return new Optimizer(parameters, transform, { learningRate });
}

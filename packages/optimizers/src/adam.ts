import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { assertKnownOptions } from './option-checks.js';
import { type LearningRate, Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';

/** Options of {@link adam} and {@link adamw} (PyTorch's `Adam`/`AdamW`). */
export interface AdamOptions {
  /** A number >= 0 or a schedule. Default 1e-3. */
  learningRate?: LearningRate;
  /** First-moment decay, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Second-moment decay, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Denominator stabiliser, >= 0. Default 1e-8. */
  epsilon?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 1e-2). */
  weightDecay?: number;
  /** AMSGrad variant. Default false. */
  amsgrad?: boolean;
}

/** Option names {@link adam} and {@link adamw} accept. */
export const ADAM_OPTIONS = ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'amsgrad'] as const;

/**
 * Adam, matching PyTorch (weight decay is L2 added to the gradient):
 * `g += weightDecay * p`; `m = beta1 m + (1 - beta1) g`; `v = beta2 v + (1 - beta2) g^2`;
 * `p -= lr * (m / (1 - beta1^t)) / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)`.
 * Chain: `addDecayedWeights`, `scaleByAdam`, `scaleByLearningRate`.
 *
 * @example
 * const optimizer = adam(model, { learningRate: 1e-3 });
 */
export function adam(parameters: ParameterSource, options: AdamOptions = {}): Optimizer {
  assertKnownOptions('adam', options, ADAM_OPTIONS);
  const { learningRate = 1e-3, beta1, beta2, epsilon, weightDecay = 0, amsgrad } = options;
  const transform = chain(
    addDecayedWeights(weightDecay),
    scaleByAdam({ beta1, beta2, epsilon, amsgrad }),
    scaleByLearningRate(),
  );
  return new Optimizer(parameters, transform, { learningRate });
}

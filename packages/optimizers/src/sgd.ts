import { InvalidArgumentError } from '@nnlab/core';
import { addDecayedWeights } from './add-decayed-weights.js';
import { chain } from './chain.js';
import { assertKnownOptions } from './option-checks.js';
import { type LearningRate, Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { trace } from './trace.js';

/** Options of {@link sgd} (PyTorch's `torch.optim.SGD`). */
export interface SgdOptions {
  /** Required, as in PyTorch: a number >= 0 or a schedule. */
  learningRate: LearningRate;
  /** Momentum factor, >= 0. Default 0. */
  momentum?: number;
  /** Dampening of the gradient added to the momentum buffer, in [0, 1]. Default 0. */
  dampening?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0. Default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, >= 0. Default 0. */
  weightDecay?: number;
}

const SGD_OPTIONS = ['learningRate', 'momentum', 'dampening', 'nesterov', 'weightDecay'] as const;

/**
 * Stochastic gradient descent with optional momentum, matching PyTorch:
 * `g += weightDecay * p`; `buf = momentum * buf + (1 - dampening) * g`
 * (`buf = g` on the first step); `p -= lr * (nesterov ? g + momentum * buf : buf)`.
 * Chain: `addDecayedWeights`, `trace`, `scaleByLearningRate`.
 *
 * @example
 * const optimizer = sgd(model, { learningRate: 0.1, momentum: 0.9 });
 */
export function sgd(parameters: ParameterSource, options: SgdOptions): Optimizer {
  assertKnownOptions('sgd', options, SGD_OPTIONS);
  const { learningRate, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
  if (learningRate === undefined) throw new InvalidArgumentError('sgd requires learningRate (it has no default, as in PyTorch)');
  const transform = chain(addDecayedWeights(weightDecay), trace({ momentum, dampening, nesterov }), scaleByLearningRate());
  return new Optimizer(parameters, transform, { learningRate });
}

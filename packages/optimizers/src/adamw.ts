import type { AdamOptions } from './adam.js';
import { ADAM_OPTIONS } from './adam.js';
import { chain } from './chain.js';
import { decoupledWeightDecay } from './decoupled-weight-decay.js';
import { assertKnownOptions } from './option-checks.js';
import { Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';
import { scaleByAdam } from './scale-by-adam.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';

/**
 * AdamW (Adam with decoupled weight decay), matching PyTorch:
 * `p *= 1 - lr * weightDecay`, then the Adam step (no L2 term in the gradient).
 * `weightDecay` defaults to 1e-2. Chain: `scaleByAdam`, `scaleByLearningRate`,
 * `decoupledWeightDecay`.
 *
 * @example
 * const optimizer = adamw(model, { learningRate: 1e-3, weightDecay: 0.05 });
 */
export function adamw(parameters: ParameterSource, options: AdamOptions = {}): Optimizer {
  assertKnownOptions('adamw', options, ADAM_OPTIONS);
  const { learningRate = 1e-3, beta1, beta2, epsilon, weightDecay = 1e-2, amsgrad } = options;
  const transform = chain(
    scaleByAdam({ beta1, beta2, epsilon, amsgrad }),
    scaleByLearningRate(),
    decoupledWeightDecay(weightDecay),
  );
  return new Optimizer(parameters, transform, { learningRate });
}

import { assertOneOf } from '@nnlab/core';
import { adagrad, type AdagradOptions } from './adagrad.js';
import { adam, type AdamOptions } from './adam.js';
import { adamw } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';
import { rmsprop, type RmspropOptions } from './rmsprop.js';
import { sgd, type SgdOptions } from './sgd.js';

/** Names {@link createOptimizer} accepts. */
export const optimizerNames = ['sgd', 'adam', 'adamw', 'adagrad', 'rmsprop'] as const;

/** One of {@link optimizerNames}. */
export type OptimizerName = (typeof optimizerNames)[number];

/**
 * Every option of every named optimizer. Each optimizer rejects options it
 * does not take (keys set to `undefined` are ignored), so a CLI can pass its
 * flags straight through.
 */
export type OptimizerOptions = Partial<SgdOptions & AdamOptions & AdagradOptions & RmspropOptions>;

/**
 * Builds a named optimizer from a string, for the CLI and configs:
 * `sgd | adam | adamw | adagrad | rmsprop`, with that optimizer's defaults
 * (sgd requires `learningRate`). Unknown names and options throw
 * `InvalidArgumentError`.
 *
 * @example
 * const optimizer = createOptimizer('adam', model, { learningRate: 3e-4 });
 */
export function createOptimizer(name: string, parameters: ParameterSource, options: OptimizerOptions = {}): Optimizer {
  switch (assertOneOf('optimizer', name, optimizerNames)) {
    case 'sgd':
      return sgd(parameters, options as SgdOptions);
    case 'adam':
      return adam(parameters, options);
    case 'adamw':
      return adamw(parameters, options);
    case 'adagrad':
      return adagrad(parameters, options);
    case 'rmsprop':
      return rmsprop(parameters, options);
  }
}

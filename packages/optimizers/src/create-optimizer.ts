import { assertOneOf } from '@nnlab/core';
import * as namedOptimizers from './named-optimizers.js';
import type { Optimizer } from './optimizer.js';
import type { ParameterSource } from './parameter-source.js';

/** One of {@link optimizerNames}. */
export type OptimizerName = keyof typeof namedOptimizers;

/** Names {@link createOptimizer} accepts, alphabetically: every optimizer `named-optimizers.ts` exports. */
export const optimizerNames: readonly OptimizerName[] = Object.freeze(Object.keys(namedOptimizers).sort() as OptimizerName[]);

/**
 * Every option of every named optimizer. Each optimizer rejects options it
 * does not take (keys set to `undefined` are ignored), so a CLI can pass its
 * flags straight through.
 */
export type OptimizerOptions = Partial<
  // The intersection of every named optimizer's options type (a union turned into an intersection).
  (NonNullable<Parameters<(typeof namedOptimizers)[OptimizerName]>[1]> extends infer U ? (U extends unknown ? (x: U) => void : never) : never) extends (x: infer I) => void ? I : never
>;

/**
 * Builds a named optimizer from a string, for the CLI and configs: one of
 * {@link optimizerNames} (`adagrad | adam | adamw | rmsprop | sgd`), with that
 * optimizer's defaults (sgd requires `learningRate`). Unknown names and
 * options throw `InvalidArgumentError`.
 *
 * @example
 * const optimizer = createOptimizer('adam', model, { learningRate: 3e-4 });
 */
export function createOptimizer(name: string, parameters: ParameterSource, options: OptimizerOptions = {}): Optimizer {
  const build = namedOptimizers[assertOneOf('optimizer', name, optimizerNames)] as (parameters: ParameterSource, options: OptimizerOptions) => Optimizer;
  return build(parameters, options);
}

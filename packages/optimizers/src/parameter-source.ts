import { InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** Parameters as `[name, variable]` pairs, the shape of `Module.namedParameters()`. */
export type NamedParameters = ReadonlyArray<readonly [string, tf.Variable]>;

/**
 * What an optimizer can be built from: named parameters, or anything with a
 * `namedParameters()` method (an `@nnlab/layers` `Module`, without this
 * package depending on layers).
 *
 * @example
 * const fromModule = adam(model);
 * const fromPairs = adam([['w', tf.variable(tf.zeros([3]))]]);
 */
export type ParameterSource = NamedParameters | { namedParameters(): NamedParameters };

/** Resolves a {@link ParameterSource} to a name -> variable map, rejecting empty, duplicate or non-variable entries. */
export function resolveParameters(source: ParameterSource): Map<string, tf.Variable> {
  const pairs = Array.isArray(source)
    ? (source as NamedParameters)
    : typeof (source as { namedParameters?: unknown }).namedParameters === 'function'
      ? (source as { namedParameters(): NamedParameters }).namedParameters()
      : undefined;
  if (pairs === undefined) {
    throw new InvalidArgumentError(
      'parameters must be an array of [name, tf.Variable] pairs or an object with namedParameters()',
    );
  }
  if (pairs.length === 0) throw new InvalidArgumentError('parameters is empty: an optimizer needs at least one parameter');
  const parameters = new Map<string, tf.Variable>();
  const seen = new Set<tf.Variable>();
  for (const pair of pairs) {
    const [name, variable] = Array.isArray(pair) ? pair : [undefined, undefined];
    if (typeof name !== 'string' || !(variable instanceof tf.Variable)) {
      throw new InvalidArgumentError(`parameters must hold [name, tf.Variable] pairs, got an entry named ${String(name)}`);
    }
    if (parameters.has(name)) throw new InvalidArgumentError(`parameter name "${name}" appears more than once`);
    if (seen.has(variable)) {
      throw new InvalidArgumentError(`parameter "${name}" is the same variable as another parameter; it would be updated twice`);
    }
    parameters.set(name, variable);
    seen.add(variable);
  }
  return parameters;
}

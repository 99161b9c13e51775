import { InvalidArgumentError, type Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { mlp, mlpActivations, type MlpActivation } from './mlp.js';

/** A parsed model string such as `mlp:784-300-10,activation=leaky_relu`. */
export interface MlpSpec {
  readonly kind: 'mlp';
  /** Canonical string form, accepted back by {@link parseModelSpec}. */
  readonly text: string;
  readonly sizes: readonly number[];
  readonly activation: MlpActivation;
  readonly dropout: number;
}

export type ModelSpec = MlpSpec;

/** Named reference models and the model string each stands for. */
export const namedModels: Readonly<Record<string, string>> = {
  mlp: 'mlp:784-300-10',
  'mlp-deep': 'mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu',
};

const USAGE =
  'expected a model name (' +
  Object.keys(namedModels).join(', ') +
  ') or "mlp:SIZES[,activation=relu|leaky_relu|sigmoid|tanh][,dropout=P]" with SIZES like 784-300-10';

function bad(spec: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`model "${spec}": ${why}; ${USAGE}`);
}

/**
 * Parses a model string (what `--model` takes).
 *
 * @example
 * parseModelSpec('mlp-deep').sizes; // [784, 1200, 1200, 1200, 400, 100, 10]
 * parseModelSpec('mlp:784-100-10,dropout=0.2').dropout; // 0.2
 */
export function parseModelSpec(spec: string): ModelSpec {
  if (typeof spec !== 'string' || spec.trim() === '') throw bad(String(spec), 'empty model string');
  const text = namedModels[spec.trim()] ?? spec.trim();
  const [head = '', ...optionParts] = text.split(',');
  const colon = head.indexOf(':');
  const kind = colon < 0 ? head : head.slice(0, colon);
  if (kind !== 'mlp') throw bad(spec, `unknown model "${kind}"`);
  if (colon < 0) throw bad(spec, 'missing layer sizes');
  const sizeText = head.slice(colon + 1);
  const sizes = sizeText.split('-').map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw bad(spec, `layer sizes "${sizeText}" must be two or more positive integers joined by "-"`);
  }
  let activation: MlpActivation = 'relu';
  let dropout = 0;
  for (const part of optionParts) {
    const [key, value, ...rest] = part.split('=');
    if (value === undefined || rest.length > 0) throw bad(spec, `option "${part}" must look like key=value`);
    if (key === 'activation') {
      if (!(mlpActivations as readonly string[]).includes(value)) throw bad(spec, `unknown activation "${value}"`);
      activation = value as MlpActivation;
    } else if (key === 'dropout') {
      dropout = Number(value);
      if (!(dropout >= 0 && dropout < 1)) throw bad(spec, `dropout must be in [0, 1), got "${value}"`);
    } else {
      throw bad(spec, `unknown option "${key}"`);
    }
  }
  const canonical = `mlp:${sizes.join('-')}${activation === 'relu' ? '' : `,activation=${activation}`}${dropout > 0 ? `,dropout=${dropout}` : ''}`;
  return { kind: 'mlp', text: canonical, sizes, activation, dropout };
}

/** Number of input features a model expects (e.g. 784 for 28x28x1 images). */
export function modelInputSize(spec: ModelSpec): number {
  return spec.sizes[0] as number;
}

/** Number of outputs (classes) a model produces. */
export function modelOutputSize(spec: ModelSpec): number {
  return spec.sizes[spec.sizes.length - 1] as number;
}

/**
 * Builds a model from a string or a parsed spec.
 *
 * @example
 * const model = buildModel('mlp', { rng: new Rng(0) });
 */
export function buildModel(spec: string | ModelSpec, options: { rng: Rng }): Module {
  const parsed = typeof spec === 'string' ? parseModelSpec(spec) : spec;
  return mlp(parsed.sizes, { rng: options.rng, activation: parsed.activation, dropout: parsed.dropout });
}

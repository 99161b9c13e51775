import { didYouMean, InvalidArgumentError, type Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { cnn } from './cnn.js';
import { cnn2 } from './cnn2.js';
import { cnn3 } from './cnn3.js';
import { mlp, mlpActivations, type MlpActivation } from './mlp.js';

/** A parsed model string such as `mlp:784-300-10,activation=leaky_relu`. */
export interface MlpSpec {
  readonly kind: 'mlp';
  /** Canonical string form, accepted back by {@link parseModelSpec}. */
  readonly text: string;
  readonly sizes: readonly number[];
  readonly activation: MlpActivation;
  /** BatchNorm1d after each hidden Linear (`batchnorm=true`). */
  readonly batchNorm: boolean;
  readonly dropout: number;
}

/** Names of the lab CNNs (see {@link cnn}, {@link cnn2}, {@link cnn3}). */
export const cnnNames = ['cnn', 'cnn2', 'cnn3'] as const;
/** One of {@link cnnNames}: `'cnn' | 'cnn2' | 'cnn3'`. */
export type CnnName = (typeof cnnNames)[number];

/** A parsed CNN model string: one of {@link cnnNames}. */
export interface CnnSpec {
  readonly kind: 'cnn';
  /** Canonical string form (the name), accepted back by {@link parseModelSpec}. */
  readonly text: CnnName;
  readonly name: CnnName;
  /** One example, NHWC without the batch axis: `[28, 28, 1]`. */
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
}

/** What {@link parseModelSpec} returns; switch on `kind`. */
export type ModelSpec = MlpSpec | CnnSpec;

/** Named reference models and the model string each stands for. */
export const namedModels: Readonly<Record<string, string>> = {
  mlp: 'mlp:784-300-10',
  'mlp-deep': 'mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu',
  cnn: 'cnn',
  cnn2: 'cnn2',
  cnn3: 'cnn3',
};

const USAGE =
  'expected a model name (' +
  Object.keys(namedModels).join(', ') +
  ') or "mlp:SIZES[,activation=relu|leaky_relu|sigmoid|tanh][,batchnorm=true|false][,dropout=P]" with SIZES like 784-300-10';

function bad(spec: string, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`model "${spec}": ${why}; ${USAGE}`);
}

/**
 * Parses a model string (what `--model` takes).
 *
 * @example
 * parseModelSpec('mlp-deep').sizes; // [784, 1200, 1200, 1200, 400, 100, 10]
 * parseModelSpec('mlp:784-100-10,batchnorm=true,dropout=0.2').batchNorm; // true
 * parseModelSpec('cnn3'); // { kind: 'cnn', name: 'cnn3', inputShape: [28, 28, 1], ... }
 */
export function parseModelSpec(spec: string): ModelSpec {
  if (typeof spec !== 'string' || spec.trim() === '') throw bad(String(spec), 'empty model string');
  const text = namedModels[spec.trim()] ?? spec.trim();
  const [head = '', ...optionParts] = text.split(',');
  if ((cnnNames as readonly string[]).includes(head)) {
    if (optionParts.length > 0) throw bad(spec, `${head} takes no options, got "${optionParts.join(',')}"`);
    const name = head as CnnName;
    return { kind: 'cnn', text: name, name, inputShape: [28, 28, 1], numClasses: 10 };
  }
  const colon = head.indexOf(':');
  const kind = colon < 0 ? head : head.slice(0, colon);
  if ((cnnNames as readonly string[]).includes(kind)) throw bad(spec, `${kind} is a fixed architecture and takes no sizes`);
  if (kind !== 'mlp') throw bad(spec, `unknown model "${kind}"${didYouMean(kind, Object.keys(namedModels))}`);
  if (colon < 0) throw bad(spec, 'missing layer sizes');
  const sizeText = head.slice(colon + 1);
  const sizes = sizeText.split('-').map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw bad(spec, `layer sizes "${sizeText}" must be two or more positive integers joined by "-"`);
  }
  let activation: MlpActivation = 'relu';
  let batchNorm = false;
  let dropout = 0;
  for (const part of optionParts) {
    const [key, value, ...rest] = part.split('=');
    if (value === undefined || rest.length > 0) throw bad(spec, `option "${part}" must look like key=value`);
    if (key === 'activation') {
      if (!(mlpActivations as readonly string[]).includes(value)) throw bad(spec, `unknown activation "${value}"${didYouMean(value, mlpActivations)}`);
      activation = value as MlpActivation;
    } else if (key === 'batchnorm') {
      if (value !== 'true' && value !== 'false') throw bad(spec, `batchnorm must be true or false, got "${value}"`);
      batchNorm = value === 'true';
    } else if (key === 'dropout') {
      dropout = Number(value);
      if (!(dropout >= 0 && dropout < 1)) throw bad(spec, `dropout must be in [0, 1), got "${value}"`);
    } else {
      throw bad(spec, `unknown option "${key}"${didYouMean(key ?? '', ['activation', 'batchnorm', 'dropout'])}`);
    }
  }
  const canonical =
    `mlp:${sizes.join('-')}` +
    (activation === 'relu' ? '' : `,activation=${activation}`) +
    (batchNorm ? ',batchnorm=true' : '') +
    (dropout > 0 ? `,dropout=${dropout}` : '');
  return { kind: 'mlp', text: canonical, sizes, activation, batchNorm, dropout };
}

/**
 * Shape of one example the model takes, without the batch axis: `[28, 28, 1]`
 * (NHWC) for the CNNs, `[features]` for an MLP (which flattens any input of
 * that many values).
 */
export function modelInputShape(spec: ModelSpec): readonly number[] {
  return spec.kind === 'cnn' ? spec.inputShape : [spec.sizes[0] as number];
}

/** Number of input values per example (e.g. 784 for 28x28x1 images). */
export function modelInputSize(spec: ModelSpec): number {
  return modelInputShape(spec).reduce((a, b) => a * b, 1);
}

/** Number of outputs (classes) a model produces. */
export function modelOutputSize(spec: ModelSpec): number {
  return spec.kind === 'cnn' ? spec.numClasses : (spec.sizes[spec.sizes.length - 1] as number);
}

/**
 * Builds a model from a string or a parsed spec.
 *
 * @example
 * const model = buildModel('mlp', { rng: new Rng(0) });
 * const conv = buildModel('cnn', { rng: new Rng(0) }); // takes [N, 28, 28, 1]
 */
export function buildModel(spec: string | ModelSpec, options: { rng: Rng }): Module {
  const parsed = typeof spec === 'string' ? parseModelSpec(spec) : spec;
  if (parsed.kind === 'cnn') {
    const build = { cnn, cnn2, cnn3 }[parsed.name];
    return build({ rng: options.rng });
  }
  return mlp(parsed.sizes, { rng: options.rng, activation: parsed.activation, batchNorm: parsed.batchNorm, dropout: parsed.dropout });
}

import { InvalidArgumentError, invalidOption, option } from '@nnlab/core';
import { optimizerNames } from '@nnlab/optimizers';
import type { SweepValue } from './sweep-grid.js';
import type { TrainingJob } from './training-job.js';

/** How one known grid name changes a {@link TrainingJob}. */
export interface SweepHyperparameter {
  /** The {@link TrainingJob} field it sets, or `model` for options appended to the model string. */
  readonly target: keyof TrainingJob;
  /** What values are allowed, for error messages. */
  readonly expected: string;
  readonly check: (value: SweepValue) => boolean;
}

const isNumber = (check: (n: number) => boolean) => (v: SweepValue) => typeof v === 'number' && Number.isFinite(v) && check(v);
const isInteger = (min: number) => isNumber((n) => Number.isInteger(n) && n >= min);

const learningRate: SweepHyperparameter = { target: 'learningRate', expected: 'a number > 0', check: isNumber((n) => n > 0) };
const weightDecay: SweepHyperparameter = { target: 'weightDecay', expected: 'a number >= 0', check: isNumber((n) => n >= 0) };
const batchSize: SweepHyperparameter = { target: 'batchSize', expected: 'an integer >= 1', check: isInteger(1) };

/**
 * Grid names that set training options rather than fill a `{placeholder}` in
 * the model string, with their aliases (`lr`, `weight-decay`, ...). `dropout`
 * and `activation` become model-string options (`,dropout=0.2`).
 */
export const sweepHyperparameters: Readonly<Record<string, SweepHyperparameter>> = {
  lr: learningRate,
  learningRate,
  'learning-rate': learningRate,
  weightDecay,
  'weight-decay': weightDecay,
  momentum: { target: 'momentum', expected: 'a number >= 0', check: isNumber((n) => n >= 0) },
  nesterov: { target: 'nesterov', expected: 'true or false', check: (v) => typeof v === 'boolean' },
  batchSize,
  'batch-size': batchSize,
  epochs: { target: 'epochs', expected: 'an integer >= 1', check: isInteger(1) },
  optimizer: {
    target: 'optimizer',
    expected: `one of ${optimizerNames.join(', ')}`,
    check: (v) => (optimizerNames as readonly SweepValue[]).includes(v),
  },
  seed: { target: 'seed', expected: 'an integer >= 0', check: isInteger(0) },
  limit: { target: 'limit', expected: 'an integer >= 1', check: isInteger(1) },
  dropout: { target: 'model', expected: 'a number in [0, 1)', check: isNumber((n) => n >= 0 && n < 1) },
  activation: { target: 'model', expected: 'an activation name such as relu or tanh', check: (v) => typeof v === 'string' },
};

/**
 * Sets the hyperparameter `name` of `job` to `value` (already a known name,
 * see {@link sweepHyperparameters}); throws {@link InvalidArgumentError} when
 * the value is not allowed.
 */
export function applyHyperparameter(job: TrainingJob, name: string, value: SweepValue): TrainingJob {
  const parameter = sweepHyperparameters[name];
  if (parameter === undefined) throw new InvalidArgumentError(`unknown sweep parameter "${name}"`);
  if (!parameter.check(value)) {
    throw invalidOption`${option('grid')} ${name}: value ${JSON.stringify(value)} is not allowed; expected ${parameter.expected}`;
  }
  if (parameter.target === 'model') {
    if (new RegExp(`(^|,)${name}=`).test(job.model)) {
      throw invalidOption`${option('grid')} ${name} and ${option('model')} "${job.model}" both set ${name}; drop it from ${option('model')} or use a {${name}} placeholder`;
    }
    return { ...job, model: `${job.model},${name}=${String(value)}` };
  }
  return { ...job, [parameter.target]: value };
}

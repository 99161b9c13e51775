import { invalidOption, option } from '@nnlab/core';
import { hashId } from './stable-hash.js';
import type { SweepValue } from './sweep-grid.js';
import { applyHyperparameter, sweepHyperparameters } from './sweep-hyperparameters.js';
import type { TrainingJob } from './training-job.js';

/**
 * One trial of a sweep, as plain JSON data: its parameters and the fully
 * resolved {@link TrainingJob}. Executors (local worker processes, a job
 * queue) receive exactly this.
 */
export interface Trial {
  /** Deterministic: the hash of the sweep's fixed options and this trial's parameters. */
  readonly id: string;
  readonly sweepId: string;
  /** Position in the sweep's trial list (0-based). */
  readonly index: number;
  /** The swept values, by grid name, in grid order. */
  readonly parameters: Readonly<Record<string, SweepValue>>;
  readonly job: TrainingJob;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/** Names of the `{name}` placeholders in a model string, in order of first use. */
export function modelPlaceholders(model: string): string[] {
  return [...new Set(Array.from(model.matchAll(PLACEHOLDER), (m) => m[1] as string))];
}

/**
 * Builds a {@link Trial}: fills the `{name}` placeholders of `base.model`
 * from `parameters`, applies the other parameters as hyperparameters (see
 * `sweepHyperparameters`), and derives the id from `base` and `parameters`,
 * so the same settings always get the same id, in any sweep and on any
 * machine. Strategies other than a grid (random search, ASHA rungs) build
 * their trials with this too.
 *
 * @example
 * const trial = createTrial(base, { hidden: 100, lr: 1e-3 }, { sweepId, index: 0 });
 * trial.job.model; // 'mlp:784-100-10' when base.model is 'mlp:784-{hidden}-10'
 */
export function createTrial(
  base: TrainingJob,
  parameters: Readonly<Record<string, SweepValue>>,
  position: { readonly sweepId: string; readonly index: number },
): Trial {
  const placeholders = new Set(modelPlaceholders(base.model));
  for (const name of placeholders) {
    if (!(name in parameters)) {
      throw invalidOption`${option('model')} "${base.model}" has the placeholder {${name}} but no ${option('grid')} ${name}=... gives its values`;
    }
  }
  let job: TrainingJob = { ...base, model: base.model.replace(PLACEHOLDER, (_, name: string) => String(parameters[name])) };
  for (const [name, value] of Object.entries(parameters)) {
    if (placeholders.has(name)) continue;
    if (sweepHyperparameters[name] === undefined) {
      const known = [...new Set(Object.keys(sweepHyperparameters))].join(', ');
      throw invalidOption`${option('grid')} ${name} is neither a {${name}} placeholder in ${option('model')} "${base.model}" nor a known hyperparameter (${known})`;
    }
    job = applyHyperparameter(job, name, value);
  }
  return { id: hashId({ fixed: base, parameters }), sweepId: position.sweepId, index: position.index, parameters: { ...parameters }, job };
}

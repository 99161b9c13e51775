import { assertInteger, invalidOption, option, Rng } from '@nnlab/core';
import type { SweepPlan } from './expand-grid.js';
import { type SearchDimension, sampleDimension } from './search-space.js';
import { hashId, stableStringify } from './stable-hash.js';
import type { SweepGrid, SweepValue } from './sweep-grid.js';
import { createTrial } from './trial.js';
import type { TrainingJob } from './training-job.js';

/** What {@link randomSearch} samples from. */
export interface RandomSearchDefinition {
  /** Fixed options; `model` may hold `{name}` placeholders filled from the space. */
  readonly base: TrainingJob;
  readonly space: readonly SearchDimension[];
  /** Distinct configurations to draw (integer >= 1). */
  readonly trials: number;
  /** Seed of the draw (integer >= 0); the same seed and space give the same trials everywhere. */
  readonly seed: number;
}

/** A random search's plan: its trials, and per dimension the values drawn (for tables and charts). */
export interface RandomSearchPlan extends SweepPlan {
  readonly grids: SweepGrid[];
}

const MAX_REDRAWS = 1000;

/**
 * Draws `count` distinct configurations from `space` with core's seeded
 * {@link Rng} (its `random-search` fork of `seed`): a duplicate is drawn
 * again, and a space too small for `count` distinct ones is an
 * `InvalidOptionError`.
 *
 * @example
 * sampleConfigurations([parseSearchSpace('lr=loguniform:1e-5:1e-1')], 3, 0); // [{ lr: ... }, { lr: ... }, { lr: ... }]
 */
export function sampleConfigurations(space: readonly SearchDimension[], count: number, seed: number): Array<Record<string, SweepValue>> {
  assertInteger(option('trials'), count, 1);
  const names = new Set<string>();
  for (const dimension of space) {
    if (names.has(dimension.name)) throw invalidOption`${option('space')} ${dimension.name} is given more than once`;
    names.add(dimension.name);
  }
  const rng = new Rng(seed).fork('random-search');
  const seen = new Set<string>();
  const configurations: Array<Record<string, SweepValue>> = [];
  let redraws = 0;
  while (configurations.length < count) {
    const parameters = Object.fromEntries(space.map((dimension) => [dimension.name, sampleDimension(dimension, rng)]));
    const key = stableStringify(parameters);
    if (seen.has(key)) {
      redraws += 1;
      if (redraws > MAX_REDRAWS) {
        throw invalidOption`${option('trials')} ${count} asks for more distinct configurations than the search space holds (found ${configurations.length}); lower ${option('trials')} or widen ${option('space')}`;
      }
      continue;
    }
    seen.add(key);
    configurations.push(parameters);
  }
  return configurations;
}

/**
 * Per dimension, the distinct values drawn, numbers ascending.
 *
 * @internal Used by `@nnlab/cli` to label random-search sweeps; not part of the documented API.
 */
export function drawnGrids(space: readonly SearchDimension[], configurations: ReadonlyArray<Readonly<Record<string, SweepValue>>>): SweepGrid[] {
  return space.map(({ name }) => {
    const values = [...new Set(configurations.map((c) => c[name] as SweepValue))];
    return { name, values: values.every((v) => typeof v === 'number') ? (values as number[]).sort((a, b) => a - b) : values };
  });
}

/**
 * Random search: `trials` distinct configurations drawn from `space` (see
 * {@link sampleConfigurations}), each a trial built by `createTrial`, so
 * trial ids depend only on the fixed options and the drawn values. The sweep
 * id hashes the fixed options, the space, the count and the seed.
 *
 * @example
 * const plan = randomSearch({ base, space: [parseSearchSpace('lr=loguniform:1e-5:1e-1')], trials: 20, seed: 0 });
 * plan.trials.length; // 20
 */
export function randomSearch(definition: RandomSearchDefinition): RandomSearchPlan {
  const { base, space, trials, seed } = definition;
  const configurations = sampleConfigurations(space, trials, seed);
  const sweepId = hashId({ fixed: base, strategy: 'random', space, trials, seed });
  return {
    sweepId,
    trials: configurations.map((parameters, index) => createTrial(base, parameters, { sweepId, index })),
    grids: drawnGrids(space, configurations),
  };
}

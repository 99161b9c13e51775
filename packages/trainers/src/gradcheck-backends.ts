import { type BackendProvider, Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { GRADCHECK_DEFAULT_TOLERANCE, type GradcheckResult, type ParameterGradcheck } from './gradcheck.js';
import { gradcheckRandomBatch, type GradcheckRandomBatchOptions } from './gradcheck-random-batch.js';

/** Options of {@link gradcheckBackends}. */
export interface GradcheckBackendsOptions extends Omit<GradcheckRandomBatchOptions, 'rng' | 'seed'> {
  /** Builds the model to check (disposed after each backend's check). */
  readonly build: (rng: Rng) => Module;
  /** Seeds the weights, the data and the element subset: the same on every backend. */
  readonly seed: number;
  /** Called after each backend's check, before the next starts (to show it as it goes). */
  readonly onBackend?: (check: BackendGradcheck) => void;
}

/** One backend's checks, one per L2 strength. */
export interface BackendGradcheck {
  /** The backend's name, as it activated. */
  readonly backend: string;
  readonly maxRelativeDifference: number;
  readonly runs: readonly GradcheckResult[];
}

/** What {@link gradcheckBackends} found. */
export interface GradcheckBackendsResult {
  readonly backends: readonly BackendGradcheck[];
  /** Largest relative difference over every backend (0 without one). */
  readonly maxRelativeDifference: number;
  readonly tolerance: number;
  /** Every backend's largest relative difference is within `tolerance`. */
  readonly passed: boolean;
  /** Elements left out at kinks, over every backend and run. */
  readonly kinkElements: number;
  /** The parameter with the largest relative difference (a NaN counts as largest) on a backend that failed. */
  readonly worst?: ParameterGradcheck & { readonly backend: string; readonly l2: number };
}

/**
 * The backprop lab's gradient check on each of `backends` in turn: activates
 * it, builds the model from `seed` (so every backend checks the same weights
 * on the same data and their numbers compare) and runs
 * {@link gradcheckRandomBatch} once per L2 strength. `nnlab gradcheck` prints
 * what this returns.
 *
 * @example
 * const result = await gradcheckBackends([cpuBackend], {
 *   build: (rng) => buildModel('mlp:3-5-3', { rng }), inputShape: [3], classes: 3, batch: 5, seed: 0, l2: [0, 0.1],
 * });
 * result.passed; // true
 */
export async function gradcheckBackends(backends: readonly BackendProvider[], options: GradcheckBackendsOptions): Promise<GradcheckBackendsResult> {
  const { build, seed, onBackend, ...check } = options;
  const tolerance = options.tolerance ?? GRADCHECK_DEFAULT_TOLERANCE;
  const checks: BackendGradcheck[] = [];
  for (const provider of backends) {
    const info = await provider.activate();
    const rng = new Rng(seed);
    const model = build(rng.fork('model'));
    try {
      const runs = await gradcheckRandomBatch(model, { ...check, rng: rng.fork('data'), seed });
      const done = { backend: info.name, maxRelativeDifference: Math.max(...runs.map((r) => r.maxRelativeDifference)), runs };
      checks.push(done);
      onBackend?.(done);
    } finally {
      model.dispose();
    }
  }
  const failed = checks.filter((c) => !(c.maxRelativeDifference <= tolerance));
  const candidates = failed.flatMap((c) => c.runs.flatMap((run) => run.parameters.map((p) => ({ ...p, backend: c.backend, l2: run.l2 }))));
  const worst = candidates.reduce<(typeof candidates)[number] | undefined>((a, b) => (a === undefined || b.relativeDifference > a.relativeDifference || Number.isNaN(b.relativeDifference) ? b : a), undefined);
  return {
    backends: checks,
    maxRelativeDifference: Math.max(0, ...checks.map((c) => c.maxRelativeDifference)),
    tolerance,
    passed: failed.length === 0,
    kinkElements: checks.reduce((total, c) => total + c.runs.reduce((sum, run) => sum + run.kinkElements, 0), 0),
    ...(worst === undefined ? {} : { worst }),
  };
}

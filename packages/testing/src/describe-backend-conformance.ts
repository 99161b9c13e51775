import { type BackendProvider, InvalidArgumentError } from '@nnlab/core';
import { beforeAll, describe, it } from 'vitest';
import { checkConformanceCase, checkTrainingLoopCase, MLP_MEMORY_CASE } from './check-conformance-case.js';
import { conformanceCases } from './conformance-cases.js';

/** Options for {@link describeBackendConformance}. */
export interface ConformanceOptions {
  /**
   * The backend whose results count as correct. Required (pass `cpuBackend`
   * from `@nnlab/backend-cpu`): a default would make this package depend on
   * backend-cpu, whose own tests depend on this package.
   */
  readonly reference: BackendProvider;
  /** Relative tolerance for values and gradients (default 1e-4); cases may set their own. */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-5); cases may set their own. */
  readonly atol?: number;
  /** Cases this backend does not support: names, or name -> reason. They are reported as skipped with the reason. */
  readonly skip?: readonly string[] | Readonly<Record<string, string>>;
}

function normaliseSkip(skip: ConformanceOptions['skip'], known: readonly string[]): Map<string, string> {
  const entries: Array<[string, string]> = Array.isArray(skip)
    ? skip.map((name: string) => [name, 'listed in options.skip'])
    : Object.entries(skip ?? {});
  const unknown = entries.map(([name]) => name).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`options.skip names unknown conformance cases ${JSON.stringify(unknown)}; known cases: ${known.join(', ')}`);
  }
  return new Map(entries);
}

/**
 * Defines a vitest `describe` block that checks `provider` against
 * `options.reference` on every op and gradient nnlab uses (see the case
 * table): outputs and `tf.grads` gradients are computed on both backends and
 * compared with `expectTensorClose` (float32 tolerances), gradients are
 * also checked against central finite differences on `provider` (so the
 * suite means something with `reference === provider`), no case may leak
 * tensors, and a tiny MLP trains for 50 steps with flat `tf.memory().numTensors`.
 * Inputs are deterministic (seeded {@link Rng}). Skipped cases appear as
 * skipped tests whose title carries the reason.
 *
 * @example
 * // packages/backend-wasm/src/wasm-backend.test.ts
 * describeBackendConformance(wasmBackend, { reference: cpuBackend, skip: { 'avgPool': 'no AvgPoolGrad yet' } });
 */
export function describeBackendConformance(provider: BackendProvider, options: ConformanceOptions): void {
  const { reference, rtol = 1e-4, atol = 1e-5 } = options;
  const cases = conformanceCases();
  const skip = normaliseSkip(options.skip, [...cases.map((c) => c.name), MLP_MEMORY_CASE]);
  const active = { reference: '', provider: '' };
  describe(`backend conformance: ${provider.name} (reference ${reference.name})`, () => {
    beforeAll(async () => {
      active.reference = (await reference.activate()).tfjsBackend;
      active.provider = (await provider.activate()).tfjsBackend;
    });
    for (const testCase of cases) {
      const reason = skip.get(testCase.name);
      if (reason === undefined) it(testCase.name, () => checkConformanceCase(testCase, { reference: active.reference, tested: active.provider }, { tolerance: { rtol, atol } }));
      else it.skip(`${testCase.name} (skipped: ${reason})`, () => {});
    }
    const mlpReason = skip.get(MLP_MEMORY_CASE);
    if (mlpReason === undefined) it(MLP_MEMORY_CASE, () => checkTrainingLoopCase(active.provider));
    else it.skip(`${MLP_MEMORY_CASE} (skipped: ${mlpReason})`, () => {});
  });
}

import { numericalGradients } from '@nnlab/autodiff';
import { type BackendProvider, InvalidArgumentError, Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceCase, conformanceCases, type TensorSpec } from './conformance-cases.js';
import { expectShape, expectTensorClose } from './expect-tensor-close.js';

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

/** Name of the training-loop case, for `skip` lists. */
export const MLP_MEMORY_CASE = 'tiny MLP training loop keeps numTensors flat';

// Finite differences run in float32 with epsilon 1e-2: see @nnlab/autodiff's tests for the budget.
const FD_ATOL = 2e-3;
const FD_RTOL = 1e-2;

interface Values {
  readonly shape: number[];
  readonly dtype: tf.DataType;
  readonly values: Float32Array | Int32Array | Uint8Array;
}

const materialise = (spec: TensorSpec): tf.Tensor => tf.tensor(spec.values as number[], spec.shape as number[], spec.dtype);
const asList = (out: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(out) ? out : [out]);
const read = (t: tf.Tensor): Values => ({ shape: t.shape, dtype: t.dtype, values: t.dataSync() as Values['values'] });

/** sum(output * w) with fixed weights, so no gradient hides behind a plain sum (softmax's would be 0). */
function objective(testCase: ConformanceCase, inputs: readonly tf.Tensor[], gradInputs: readonly tf.Tensor[]): tf.Tensor {
  const xs = [...inputs];
  testCase.gradients?.forEach((index, k) => (xs[index] = gradInputs[k] as tf.Tensor));
  const terms = asList(testCase.run(...xs)).map((out) => {
    const weights = tf.tensor(Array.from({ length: out.size }, (_, k) => Math.sin(1.3 * k + 0.7)), out.shape);
    return tf.sum(tf.mul(out, weights));
  });
  return tf.addN(terms);
}

function gradientsOf(testCase: ConformanceCase, inputs: readonly tf.Tensor[]): tf.Tensor[] {
  const gradInputs = (testCase.gradients ?? []).map((index) => inputs[index] as tf.Tensor);
  return tf.grads((...g: tf.Tensor[]) => objective(testCase, inputs, g))(gradInputs);
}

/** Runs a case on `backend` and returns plain values (no tensors outlive the call). */
async function evaluate(testCase: ConformanceCase, backend: string): Promise<{ outputs: Values[]; gradients: Values[] }> {
  await tf.setBackend(backend);
  let result: { outputs: Values[]; gradients: Values[] } = { outputs: [], gradients: [] };
  tf.tidy(() => {
    const inputs = testCase.inputs.map(materialise);
    const outputs = asList(testCase.run(...inputs)).map(read);
    const gradients = testCase.gradients === undefined ? [] : gradientsOf(testCase, inputs).map(read);
    result = { outputs, gradients };
  });
  return result;
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

function checkAgainstReference(testCase: ConformanceCase, expected: Values[], actual: readonly tf.Tensor[], what: string, tol: { rtol: number; atol: number }): void {
  expect(actual.length, `${testCase.name}: number of ${what}`).toBe(expected.length);
  actual.forEach((tensor, k) => {
    const reference = expected[k] as Values;
    expect(tensor.dtype, `${testCase.name}: dtype of ${what} ${k}`).toBe(reference.dtype);
    expectShape(tensor, reference.shape, `${testCase.name}: ${what} ${k}`);
    expectTensorClose(tensor, reference.values, { ...tol, message: `${testCase.name}: ${what} ${k}` });
  });
}

function checkFiniteDifferences(testCase: ConformanceCase, inputs: readonly tf.Tensor[], analytic: readonly tf.Tensor[]): void {
  const gradInputs = (testCase.gradients ?? []).map((index) => inputs[index] as tf.Tensor);
  const numeric = numericalGradients((...g) => objective(testCase, inputs, g), gradInputs);
  analytic.forEach((gradient, k) => {
    const expected = numeric[k] as Float64Array;
    expectTensorClose(gradient, expected, { rtol: FD_RTOL, atol: FD_ATOL, message: `${testCase.name}: gradient ${k} vs finite differences` });
  });
}

function defineCase(testCase: ConformanceCase, backends: () => { reference: string; provider: string }, tol: { rtol: number; atol: number }): void {
  it(testCase.name, async () => {
    const { reference, provider } = backends();
    const expected = testCase.check === undefined ? await evaluate(testCase, reference) : undefined;
    await tf.setBackend(provider);
    const before = tf.memory().numTensors;
    const inputs = testCase.inputs.map(materialise);
    const outputs = tf.tidy(() => asList(testCase.run(...inputs)));
    const caseTol = { rtol: testCase.rtol ?? tol.rtol, atol: testCase.atol ?? tol.atol };
    if (testCase.check !== undefined) testCase.check(outputs);
    if (expected !== undefined) checkAgainstReference(testCase, expected.outputs, outputs, 'output', caseTol);
    if (testCase.gradients !== undefined) {
      const gradients = tf.tidy(() => gradientsOf(testCase, inputs));
      if (expected !== undefined) checkAgainstReference(testCase, expected.gradients, gradients, 'gradient', caseTol);
      if (testCase.finiteDifference !== false) checkFiniteDifferences(testCase, inputs, gradients);
      tf.dispose(gradients);
    }
    tf.dispose([...inputs, ...outputs]);
    expect(tf.memory().numTensors, `${testCase.name}: tensors leaked`).toBe(before);
  });
}

/** 50 SGD steps of a 4-8-3 MLP written with raw ops and tf.variableGrads. */
function defineMlpMemoryCase(backends: () => { provider: string }): void {
  it(MLP_MEMORY_CASE, async () => {
    await tf.setBackend(backends().provider);
    const rng = new Rng(7);
    const x = tf.tensor2d(rng.normalArray(32 * 4), [32, 4]);
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, () => rng.int(3)), 'int32'), 3);
    const params = [
      tf.variable(tf.tensor2d(rng.normalArray(4 * 8, 0, 0.5), [4, 8])),
      tf.variable(tf.zeros([8])),
      tf.variable(tf.tensor2d(rng.normalArray(8 * 3, 0, 0.5), [8, 3])),
      tf.variable(tf.zeros([3])),
    ] as const;
    const [w1, b1, w2, b2] = params;
    const step = (): number =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const hidden = tf.relu(tf.add(tf.matMul(x, w1), b1));
          return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(hidden, w2), b2)) as tf.Scalar;
        }, [...params]);
        for (const param of params) param.assign(tf.sub(param, tf.mul(grads[param.name] as tf.Tensor, 0.1)));
        return value.dataSync()[0] as number;
      });
    const firstLoss = step();
    let afterStep5 = 0;
    let lastLoss = firstLoss;
    for (let s = 2; s <= 50; s++) {
      lastLoss = step();
      if (s === 5) afterStep5 = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors, 'numTensors after step 50 vs after step 5').toBe(afterStep5);
    expect(lastLoss, 'training reduces the loss').toBeLessThan(firstLoss);
    tf.dispose([x, labels, ...params]);
  });
}

/**
 * Defines a vitest `describe` block that checks `provider` against
 * `options.reference` on every op and gradient nnlab uses (see the case
 * table): outputs and `tf.grads` gradients are computed on both backends and
 * compared with {@link expectTensorClose} (float32 tolerances), gradients are
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
      if (reason === undefined) defineCase(testCase, () => active, { rtol, atol });
      else it.skip(`${testCase.name} (skipped: ${reason})`, () => {});
    }
    const mlpReason = skip.get(MLP_MEMORY_CASE);
    if (mlpReason === undefined) defineMlpMemoryCase(() => active);
    else it.skip(`${MLP_MEMORY_CASE} (skipped: ${mlpReason})`, () => {});
  });
}

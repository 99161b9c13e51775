import { numericalGradients } from '@nnlab/autodiff';
import { Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase, TensorSpec } from './conformance-cases.js';
import { expectShape, expectTensorClose } from './expect-tensor-close.js';

/** Tolerances of {@link checkConformanceCase}: a case's own, else these. */
export interface ConformanceTolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** The two tfjs backends (by tfjs name, both activated) a conformance check runs on. */
export interface ConformanceBackends {
  /** The backend whose results count as correct. */
  readonly reference: string;
  readonly tested: string;
}

/** Options of {@link checkConformanceCase}. */
export interface CheckConformanceOptions {
  /** Default tolerances (a case's `rtol`/`atol` win). */
  readonly tolerance: ConformanceTolerance;
  /**
   * Also check gradients against central differences on the tested backend
   * (default true). They read values synchronously (`dataSync`), which
   * tfjs-webgpu cannot do reliably in a page: pass false there; gradients are
   * still compared with the reference backend's.
   */
  readonly finiteDifferences?: boolean;
}

/** Name of the training-loop case, for skip lists. */
export const MLP_MEMORY_CASE = 'tiny MLP training loop keeps numTensors flat';

// Finite differences run in float32 with epsilon 1e-2: see @nnlab/autodiff's tests for the budget.
const FD_TOLERANCE: ConformanceTolerance = { rtol: 1e-2, atol: 2e-3 };

interface Values {
  readonly shape: number[];
  readonly dtype: tf.DataType;
  readonly values: Float32Array | Int32Array | Uint8Array;
}

const materialise = (spec: TensorSpec): tf.Tensor => tf.tensor(spec.values as number[], spec.shape as number[], spec.dtype);
const asList = (out: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(out) ? out : [out]);
const read = (t: tf.Tensor): Values => ({ shape: t.shape, dtype: t.dtype, values: t.dataSync() as Values['values'] });

/** Reads tensors without `dataSync`: tfjs-webgpu's synchronous read returns zeros in headless Chromium and then breaks the device. */
async function readAll(tensors: readonly tf.Tensor[]): Promise<Values[]> {
  return Promise.all(tensors.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: (await t.data()) as Values['values'] })));
}

/** Plain values back as tensors on the current backend. */
const asTensors = (values: readonly Values[]): tf.Tensor[] => values.map((v) => tf.tensor(v.values, v.shape, v.dtype));

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
  // tf.tidy only returns tensors; plain values leave through the closure.
  tf.tidy(() => {
    const inputs = testCase.inputs.map(materialise);
    const outputs = asList(testCase.run(...inputs)).map(read);
    const gradients = testCase.gradients === undefined ? [] : gradientsOf(testCase, inputs).map(read);
    result = { outputs, gradients };
  });
  return result;
}

function compare(testCase: ConformanceCase, expected: Values[], actual: readonly tf.Tensor[], what: string, tol: ConformanceTolerance): void {
  if (actual.length !== expected.length) throw new Error(`${testCase.name}: ${actual.length} ${what}s, reference has ${expected.length}`);
  actual.forEach((tensor, k) => {
    const reference = expected[k] as Values;
    if (tensor.dtype !== reference.dtype) throw new Error(`${testCase.name}: dtype of ${what} ${k} is ${tensor.dtype}, reference ${reference.dtype}`);
    expectShape(tensor, reference.shape, `${testCase.name}: ${what} ${k}`);
    expectTensorClose(tensor, reference.values, { ...tol, message: `${testCase.name}: ${what} ${k}` });
  });
}

/**
 * Checks one conformance case on `backends.tested` against
 * `backends.reference`: outputs and `tf.grads` gradients agree within the
 * tolerances (or the case's own `check` passes), gradients agree with central
 * finite differences on the tested backend, and no tensor leaks. Throws an
 * `Error` naming the case and what differed; resolves when it passes. Values
 * leave the tested backend through `data()`, so it works on every backend in
 * Node and in browsers; the comparisons run on the reference backend, which
 * is the current backend when it returns. Used by `describeBackendConformance`
 * (vitest) and by the demo's in-page runner.
 *
 * @example
 * await checkConformanceCase(conformanceCases()[0], { reference: 'cpu', tested: 'wasm' }, { tolerance: { rtol: 1e-4, atol: 1e-5 } });
 */
export async function checkConformanceCase(testCase: ConformanceCase, backends: ConformanceBackends, options: CheckConformanceOptions): Promise<void> {
  const expected = testCase.check === undefined ? await evaluate(testCase, backends.reference) : undefined;
  await tf.setBackend(backends.tested);
  const before = tf.memory().numTensors;
  const inputs = testCase.inputs.map(materialise);
  const outputs = tf.tidy(() => asList(testCase.run(...inputs)));
  const gradients = testCase.gradients === undefined ? [] : tf.tidy(() => gradientsOf(testCase, inputs));
  const actual = { outputs: await readAll(outputs), gradients: await readAll(gradients) };
  let numeric: Float64Array[] | undefined;
  if (testCase.gradients !== undefined && options.finiteDifferences !== false && testCase.finiteDifference !== false) {
    const gradInputs = testCase.gradients.map((index) => inputs[index] as tf.Tensor);
    numeric = numericalGradients((...g) => objective(testCase, inputs, g), gradInputs);
  }
  tf.dispose([...inputs, ...outputs, ...gradients]);
  const after = tf.memory().numTensors;

  await tf.setBackend(backends.reference);
  const tol = { rtol: testCase.rtol ?? options.tolerance.rtol, atol: testCase.atol ?? options.tolerance.atol };
  const actualOutputs = asTensors(actual.outputs);
  const actualGradients = asTensors(actual.gradients);
  try {
    testCase.check?.(actualOutputs);
    if (expected !== undefined) {
      compare(testCase, expected.outputs, actualOutputs, 'output', tol);
      compare(testCase, expected.gradients, actualGradients, 'gradient', tol);
    }
    numeric?.forEach((values, k) =>
      expectTensorClose(actualGradients[k] as tf.Tensor, values, { ...FD_TOLERANCE, message: `${testCase.name}: gradient ${k} vs finite differences` }),
    );
  } finally {
    tf.dispose([...actualOutputs, ...actualGradients]);
  }
  if (after !== before) throw new Error(`${testCase.name}: ${after - before} tensors leaked`);
}

/**
 * The training-loop case ({@link MLP_MEMORY_CASE}) on `backend` (a tfjs
 * name, activated): 50 SGD steps of a 4-8-3 MLP written with raw ops and
 * `tf.variableGrads`. Throws unless the loss falls and `tf.memory().numTensors`
 * stays flat from step 5 to step 50.
 *
 * @example
 * await checkTrainingLoopCase('wasm');
 */
export async function checkTrainingLoopCase(backend: string): Promise<void> {
  await tf.setBackend(backend);
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
  const step = async (): Promise<number> => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const hidden = tf.relu(tf.add(tf.matMul(x, w1), b1));
        return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(hidden, w2), b2)) as tf.Scalar;
      }, [...params]);
      for (const param of params) param.assign(tf.sub(param, tf.mul(grads[param.name] as tf.Tensor, 0.1)));
      return value;
    });
    const [value = Number.NaN] = await loss.data();
    loss.dispose();
    return value;
  };
  try {
    const first = await step();
    let afterStep5 = 0;
    let last = first;
    for (let s = 2; s <= 50; s++) {
      last = await step();
      if (s === 5) afterStep5 = tf.memory().numTensors;
    }
    if (tf.memory().numTensors !== afterStep5) throw new Error(`numTensors grew from ${afterStep5} (step 5) to ${tf.memory().numTensors} (step 50)`);
    if (!(last < first)) throw new Error(`training did not reduce the loss: ${first} -> ${last}`);
  } finally {
    tf.dispose([x, labels, ...params]);
  }
}

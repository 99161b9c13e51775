import { numericalGradients } from '@nnlab/autodiff';
import { Rng } from '@nnlab/core';
import { type ConformanceCase, conformanceCases, expectShape, expectTensorClose, MLP_MEMORY_CASE, type TensorSpec } from '@nnlab/testing';
import * as tf from '@tensorflow/tfjs-core';

/** The outcome of one conformance case in the page. */
export interface CaseResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly message?: string;
  readonly ms: number;
}

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /** tfjs name of the backend whose results count as correct (default 'cpu', already activated). */
  readonly reference?: string;
  readonly rtol?: number;
  readonly atol?: number;
  /**
   * Also check gradients against central differences on the tested backend
   * (default true). They read values synchronously (`dataSync`), which
   * tfjs-webgpu cannot do reliably: pass false there; gradients are still
   * compared with the reference backend's.
   */
  readonly finiteDifferences?: boolean;
  /** Only cases whose names are listed. */
  readonly only?: readonly string[];
  readonly skip?: Readonly<Record<string, string>>;
  readonly onResult?: (result: CaseResult) => void;
}

// Same budget as @nnlab/testing's vitest suite: finite differences run in float32 with epsilon 1e-2.
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

/** sum(output * w) with fixed weights, exactly as the vitest suite does, so both runners test the same gradients. */
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

function compare(testCase: ConformanceCase, expected: Values[], actual: readonly tf.Tensor[], what: string, tol: { rtol: number; atol: number }): void {
  if (actual.length !== expected.length) throw new Error(`${testCase.name}: ${actual.length} ${what}s, reference has ${expected.length}`);
  actual.forEach((tensor, k) => {
    const reference = expected[k] as Values;
    if (tensor.dtype !== reference.dtype) throw new Error(`${testCase.name}: dtype of ${what} ${k} is ${tensor.dtype}, reference ${reference.dtype}`);
    expectShape(tensor, reference.shape, `${testCase.name}: ${what} ${k}`);
    expectTensorClose(tensor, reference.values, { ...tol, message: `${testCase.name}: ${what} ${k}` });
  });
}

/** Reads tensors without `dataSync`: tfjs-webgpu's synchronous read returns zeros in headless Chromium and then breaks the device. */
async function readAll(tensors: readonly tf.Tensor[]): Promise<Values[]> {
  return Promise.all(tensors.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: (await t.data()) as Values['values'] })));
}

/** Plain values back as tensors on the reference backend, where the (synchronous) assertions run. */
const onReference = (values: readonly Values[]): tf.Tensor[] => values.map((v) => tf.tensor(v.values, v.shape, v.dtype));

async function runCase(testCase: ConformanceCase, backends: { reference: string; tested: string }, options: RunConformanceOptions): Promise<void> {
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
  const tol = { rtol: testCase.rtol ?? options.rtol ?? 1e-4, atol: testCase.atol ?? options.atol ?? 1e-5 };
  const actualOutputs = onReference(actual.outputs);
  const actualGradients = onReference(actual.gradients);
  try {
    testCase.check?.(actualOutputs);
    if (expected !== undefined) {
      compare(testCase, expected.outputs, actualOutputs, 'output', tol);
      compare(testCase, expected.gradients, actualGradients, 'gradient', tol);
    }
    numeric?.forEach((values, k) =>
      expectTensorClose(actualGradients[k] as tf.Tensor, values, { rtol: FD_RTOL, atol: FD_ATOL, message: `${testCase.name}: gradient ${k} vs finite differences` }),
    );
  } finally {
    tf.dispose([...actualOutputs, ...actualGradients]);
  }
  if (after !== before) throw new Error(`${testCase.name}: ${after - before} tensors leaked`);
}

/** 50 SGD steps of a 4-8-3 MLP: the loss falls and `numTensors` stays flat (the vitest suite's training case). */
async function runMlpCase(tested: string): Promise<void> {
  await tf.setBackend(tested);
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

/**
 * Runs `@nnlab/testing`'s conformance table in this page: each case on the
 * reference backend and on `tested` (both already activated; tfjs names),
 * comparing outputs and gradients with the same tolerances, finite-difference
 * check, leak check and training case as `describeBackendConformance`, which
 * only runs under vitest in Node.
 *
 * @example
 * await cpuBackend.activate(); await webglBackend.activate();
 * const results = await runConformance('webgl');
 * results.filter((r) => r.status === 'fail');
 */
export async function runConformance(tested: string, options: RunConformanceOptions = {}): Promise<CaseResult[]> {
  const backends = { reference: options.reference ?? 'cpu', tested };
  const results: CaseResult[] = [];
  const record = (result: CaseResult): void => {
    results.push(result);
    options.onResult?.(result);
  };
  const selected = (name: string): boolean => options.only === undefined || options.only.includes(name);
  const timed = async (name: string, body: () => Promise<void>): Promise<void> => {
    const reason = options.skip?.[name];
    if (reason !== undefined) return record({ name, status: 'skip', message: reason, ms: 0 });
    const started = performance.now();
    try {
      await body();
      record({ name, status: 'pass', ms: performance.now() - started });
    } catch (error) {
      record({ name, status: 'fail', message: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
    }
    // Let the page paint between cases.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  for (const testCase of conformanceCases()) {
    if (selected(testCase.name)) await timed(testCase.name, () => runCase(testCase, backends, options));
  }
  if (selected(MLP_MEMORY_CASE)) await timed(MLP_MEMORY_CASE, () => runMlpCase(tested));
  return results;
}

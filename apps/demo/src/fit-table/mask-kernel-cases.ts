import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** What the active backend's masked-update kernels got wrong (empty when nothing), and whether it has them at all. */
export interface MaskKernelReport {
  /** `FUSED_KERNELS.allFinite` and `.selectIf`, where the active backend registers them (else `fit` takes the portable path). */
  readonly kernels: string[];
  readonly problems: string[];
}

const run = (name: string, inputs: unknown): tf.Tensor => tf.engine().runKernel(name, inputs as tf.NamedTensorMap) as tf.Tensor;

async function allFiniteProblems(): Promise<string[]> {
  const problems: string[] = [];
  const check = async (label: string, tensors: tf.Tensor[], expected: number): Promise<void> => {
    const result = run(FUSED_KERNELS.allFinite, tensors);
    const [value] = await result.data();
    if (result.dtype !== 'bool' || result.size !== 1 || value !== expected) problems.push(`allFinite ${label}: got ${value} (${result.dtype} [${result.shape}]), expected ${expected}`);
    result.dispose();
  };
  // Sizes around the kernels' vector widths and slices (wasm: 4 lanes; webgl: 1024 slices of every input).
  const sizes = [1, 3, 5, 1023, 1025, 4099];
  const clean = sizes.map((size) => tf.fill([size], 3.4e38));
  const ints = tf.tensor1d([1, 2, 3], 'int32');
  await check('finite, huge values and an int32 input', [...clean, ints], 1);
  for (const [k, size] of sizes.entries()) {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const at of new Set([0, size >> 1, size - 1])) {
        const values = new Float32Array(size).fill(-2.5);
        values[at] = bad;
        const poisoned = tf.tensor1d(values);
        await check(`${bad} at ${at} of input ${k} (size ${size})`, clean.map((t, i) => (i === k ? poisoned : t)), 0);
        poisoned.dispose();
      }
    }
  }
  // More inputs than one pass of a GPU kernel reads (webgl: 8 per pass, then folds of 8).
  const many = Array.from({ length: 70 }, (_, i) => tf.fill([2, 3 + (i % 5)], i));
  await check('70 finite inputs', many, 1);
  const last = tf.tensor2d([[1, 2, 3, Number.NaN]]);
  await check('70 inputs, a NaN in the 71st', [...many, last], 0);
  await check('70 inputs, a NaN in the 1st', [last, ...many], 0);
  tf.dispose([...clean, ints, ...many, last]);
  return problems;
}

async function selectIfProblems(): Promise<string[]> {
  const problems: string[] = [];
  const t = tf.tensor2d([[1, Number.NaN, 3], [Number.POSITIVE_INFINITY, 5, -6]]);
  const e = tf.tensor2d([[7, 8, 9], [10, 11, 12]]);
  for (const [flag, expected] of [[true, t], [false, e]] as const) {
    const condition = tf.scalar(flag, 'bool');
    const result = run(FUSED_KERNELS.selectIf, { condition, t, e });
    const [got, want] = [Array.from(await result.data()), Array.from(await expected.data())];
    if (!tf.util.arraysEqual(result.shape, t.shape) || got.some((v, i) => !Object.is(v, want[i]))) problems.push(`selectIf(${flag}): got [${got}], expected [${want}]`);
    tf.dispose([condition, result]);
  }
  tf.dispose([t, e]);
  // Tensors as training makes them: a matMul's output (a packed texture on webgl) and a rank-4 filter, odd sizes.
  const values = (shape: number[]): tf.Tensor => tf.reshape(tf.range(0, tf.util.sizeFromShape(shape)), shape);
  const cases = tf.tidy(() => [
    [tf.matMul(values([5, 3]), tf.div(values([3, 7]), 7)), tf.neg(values([5, 7]))],
    [tf.sin(values([3, 3, 2, 4])), tf.cos(values([3, 3, 2, 4]))],
  ]);
  for (const [a, b] of cases as Array<[tf.Tensor, tf.Tensor]>) {
    for (const flag of [true, false]) {
      const condition = tf.scalar(flag, 'bool');
      const result = run(FUSED_KERNELS.selectIf, { condition, t: a, e: b });
      const [got, want] = [Array.from(await result.data()), Array.from(await (flag ? a : b).data())];
      if (!tf.util.arraysEqual(result.shape, a.shape) || got.some((v, i) => !Object.is(v, want[i]))) problems.push(`selectIf(${flag}) on [${a.shape}]: got [${got.slice(0, 8)}...], expected [${want.slice(0, 8)}...]`);
      tf.dispose([condition, result]);
    }
  }
  tf.dispose(cases.flat());
  return problems;
}

/**
 * Checks the active backend's `NnlabAllFinite` and `NnlabSelectIf` kernels
 * (the device-side finiteness check and masked update `fit` runs every
 * step) against what they must compute: a NaN or an infinity anywhere, in
 * any input, found; huge finite values and int32 inputs passed; the chosen
 * tensor returned bit for bit, NaN included. Runs in Node and in the page
 * (fit-table.html), so GPU shaders are checked where they run.
 */
export async function checkMaskKernels(): Promise<MaskKernelReport> {
  const before = tf.memory().numTensors;
  const backend = tf.getBackend();
  const kernels = [FUSED_KERNELS.allFinite, FUSED_KERNELS.selectIf].filter((name) => tf.getKernel(name, backend) !== undefined);
  const problems = [
    ...(kernels.includes(FUSED_KERNELS.allFinite) ? await allFiniteProblems() : []),
    ...(kernels.includes(FUSED_KERNELS.selectIf) ? await selectIfProblems() : []),
  ];
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) problems.push(`${leaked} tensors leaked`);
  return { kernels, problems };
}

import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { expectTensorClose } from '@nnlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { nativeKernelStats, resetNativeKernelStats } from './kernels/kernel-support.js';
import { nativeBackend } from './native-backend.js';
import { describeNative } from './native-available.test-helper.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
// Each case runs on the cpu backend (the reference) and on native, and says
// whether the native path must take it ('native') or hand it to the cpu
// kernel ('fallback'); both must give the cpu backend's answer.

type Path = 'native' | 'fallback';
interface Case {
  readonly name: string;
  readonly kernel: string;
  readonly path: Path;
  readonly run: (rng: Rng) => tf.Tensor | tf.Tensor[];
  readonly rtol?: number;
  readonly atol?: number;
}

const u = (rng: Rng, shape: number[]): tf.Tensor => tf.tensor(rng.uniformArray(shape.reduce((a, b) => a * b, 1), -1, 1), shape);
const t4 = (t: tf.Tensor): tf.Tensor4D => t as tf.Tensor4D;
const ints = (rng: Rng, shape: number[]): tf.Tensor =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(7) - 3), shape, 'int32');

const CASES: Case[] = [
  // GEMM
  { name: 'matMul large enough for two threads', kernel: tf.BatchMatMul, path: 'native', run: (r) => tf.matMul(u(r, [96, 200]), u(r, [200, 80])), atol: 1e-4 },
  { name: 'batched matMul, one side unbatched', kernel: tf.BatchMatMul, path: 'native', run: (r) => tf.matMul(u(r, [3, 4, 5]), u(r, [6, 5]), false, true) },
  { name: 'rank-4 matMul with equal batches', kernel: tf.BatchMatMul, path: 'native', run: (r) => tf.matMul(u(r, [2, 3, 4, 5]), u(r, [2, 3, 4, 2]), true) },
  { name: 'matMul with broadcast batch dims [3] x [2,3]', kernel: tf.BatchMatMul, path: 'fallback', run: (r) => tf.matMul(u(r, [3, 4, 5]), u(r, [2, 3, 5, 2])) },
  { name: 'int32 matMul', kernel: tf.BatchMatMul, path: 'fallback', run: (r) => tf.matMul(ints(r, [3, 4]), ints(r, [4, 2])) },
  { name: 'fused matMul + bias + relu', kernel: tf._FusedMatMul, path: 'native', run: (r) => tf.fused.matMul({ a: u(r, [5, 6]), b: u(r, [6, 7]), bias: u(r, [7]), activation: 'relu' }) },
  {
    name: 'fused matMul + scalar bias + leakyrelu, transposed',
    kernel: tf._FusedMatMul,
    path: 'native',
    run: (r) => tf.fused.matMul({ a: u(r, [6, 5]), b: u(r, [7, 6]), bias: u(r, [1]), activation: 'leakyrelu', leakyreluAlpha: 0.1, transposeA: true, transposeB: true }),
  },
  { name: 'fused matMul with a [m, n] bias', kernel: tf._FusedMatMul, path: 'fallback', run: (r) => tf.fused.matMul({ a: u(r, [5, 6]), b: u(r, [6, 7]), bias: u(r, [5, 7]) }) },
  { name: 'fused matMul with sigmoid', kernel: tf._FusedMatMul, path: 'fallback', run: (r) => tf.fused.matMul({ a: u(r, [5, 6]), b: u(r, [6, 7]), activation: 'sigmoid' }) },
  // Convolutions
  { name: 'conv2d 5x5 valid, 16 channels', kernel: tf.Conv2D, path: 'native', run: (r) => tf.conv2d(t4(u(r, [2, 12, 12, 3])), t4(u(r, [5, 5, 3, 16])), 1, 'valid'), atol: 1e-4 },
  { name: 'conv2d dilated', kernel: tf.Conv2D, path: 'native', run: (r) => tf.conv2d(t4(u(r, [1, 9, 9, 2])), t4(u(r, [3, 3, 2, 4])), 1, 'same', 'NHWC', 2), atol: 1e-4 },
  { name: 'conv2d explicit asymmetric padding', kernel: tf.Conv2D, path: 'native', run: (r) => tf.conv2d(t4(u(r, [1, 6, 7, 2])), t4(u(r, [3, 2, 2, 3])), [2, 1], [[0, 0], [1, 2], [0, 1], [0, 0]]), atol: 1e-4 },
  { name: 'conv2d NCHW', kernel: tf.Conv2D, path: 'fallback', run: (r) => tf.conv2d(t4(u(r, [1, 2, 6, 6])), t4(u(r, [3, 3, 2, 3])), 1, 'same', 'NCHW') },
  { name: 'conv2d ceil rounding', kernel: tf.Conv2D, path: 'fallback', run: (r) => tf.conv2d(t4(u(r, [1, 6, 6, 2])), t4(u(r, [3, 3, 2, 2])), 2, 1, 'NHWC', 1, 'ceil') },
  {
    name: 'fused conv2d + bias + relu',
    kernel: tf.FusedConv2D,
    path: 'native',
    run: (r) => tf.fused.conv2d({ x: t4(u(r, [2, 8, 8, 3])), filter: t4(u(r, [3, 3, 3, 8])), strides: 1, pad: 'same', bias: u(r, [8]), activation: 'relu' }),
    atol: 1e-4,
  },
  {
    name: 'fused conv2d + leakyrelu, stride 2',
    kernel: tf.FusedConv2D,
    path: 'native',
    run: (r) => tf.fused.conv2d({ x: t4(u(r, [1, 9, 9, 2])), filter: t4(u(r, [3, 3, 2, 4])), strides: 2, pad: 'valid', activation: 'leakyrelu', leakyreluAlpha: 0.3 }),
    atol: 1e-4,
  },
  {
    name: 'conv2d backprop input, stride 2 same, 5 input channels (GEMM + col2im)',
    kernel: tf.Conv2DBackpropInput,
    path: 'native',
    run: (r) => tf.conv2dTranspose(t4(u(r, [2, 4, 4, 6])), t4(u(r, [3, 3, 5, 6])), [2, 7, 7, 5], 2, 'same'),
    atol: 1e-4,
  },
  {
    name: 'conv2d backprop input, 16 input channels (oneDNN, not GEMM + col2im)',
    kernel: tf.Conv2DBackpropInput,
    path: 'native',
    run: (r) => tf.conv2dTranspose(t4(u(r, [2, 5, 5, 8])), t4(u(r, [3, 3, 16, 8])), [2, 7, 7, 16], 1, 'valid'),
    atol: 1e-4,
  },
  {
    name: 'conv2d backprop filter, stride 2 same',
    kernel: tf.Conv2DBackpropFilter,
    path: 'native',
    run: (r) => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: u(r, [2, 7, 7, 3]), dy: u(r, [2, 4, 4, 5]) }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 5] }) as tf.Tensor,
    atol: 1e-4,
  },
  // Pooling
  { name: 'maxPool 3x3 stride 2 same', kernel: tf.MaxPool, path: 'native', run: (r) => tf.maxPool(t4(u(r, [2, 7, 7, 5])), 3, 2, 'same') },
  {
    name: 'maxPool of -Infinity and NaN windows',
    kernel: tf.MaxPool,
    path: 'native',
    run: () => tf.maxPool(t4(tf.tensor([-Infinity, -Infinity, Number.NaN, 2, Number.NaN, Number.NaN, Number.NaN, Number.NaN], [1, 2, 4, 1])), 2, 2, 'valid'),
  },
  {
    name: 'maxPool gradient with ties goes to the first maximum',
    kernel: tf.MaxPoolGrad,
    path: 'native',
    run: () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t4(x), 2, 2, 'valid'), tf.tensor([1, 2], [1, 1, 2, 1]))))(tf.tensor([1, 1, 0, 3, 1, 1, 3, 3], [1, 2, 4, 1])),
  },
  { name: 'avgPool 3x3 stride 2 same', kernel: tf.AvgPool, path: 'native', run: (r) => tf.avgPool(t4(u(r, [2, 7, 7, 3])), 3, 2, 'same') },
  { name: 'avgPool gradient, padded windows', kernel: tf.AvgPoolGrad, path: 'native', run: (r) => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.avgPool(t4(x), 3, 2, 'same'))))(u(r, [1, 6, 6, 2])) },
  { name: 'int32 maxPool', kernel: tf.MaxPool, path: 'fallback', run: (r) => tf.maxPool(t4(ints(r, [1, 4, 4, 2])), 2, 2, 'valid') },
  // Elementwise
  { name: 'add of a bias row', kernel: tf.Add, path: 'native', run: (r) => tf.add(u(r, [2, 3, 4]), u(r, [1, 4])) },
  { name: 'sub with the row on the left', kernel: tf.Sub, path: 'native', run: (r) => tf.sub(u(r, [4]), u(r, [3, 4])) },
  { name: 'mul by a scalar on the left', kernel: tf.Multiply, path: 'native', run: (r) => tf.mul(u(r, [1, 1]), u(r, [5000])) },
  { name: 'div of 200k elements (threaded)', kernel: tf.RealDiv, path: 'native', run: (r) => tf.div(u(r, [400, 500]), tf.add(tf.abs(u(r, [400, 500])), 0.5)) },
  { name: 'mul with a column broadcast [3,1] x [1,4]', kernel: tf.Multiply, path: 'native', run: (r) => tf.mul(u(r, [3, 1]), u(r, [1, 4])) },
  { name: 'sub with mixed broadcasting [2,1,4] x [3,1]', kernel: tf.Sub, path: 'native', run: (r) => tf.sub(u(r, [2, 1, 4]), u(r, [3, 1])) },
  { name: 'div of rank 9 (over the native limit)', kernel: tf.RealDiv, path: 'fallback', run: (r) => tf.div(u(r, [1, 2, 1, 2, 1, 2, 1, 2, 3]), u(r, [2, 1, 2, 1, 2, 1, 2, 1, 1])) },
  { name: 'greater with a column broadcast', kernel: tf.Greater, path: 'fallback', run: (r) => tf.greater(u(r, [3, 1]), u(r, [1, 4])) },
  { name: 'int32 add', kernel: tf.Add, path: 'fallback', run: (r) => tf.add(ints(r, [3, 4]), ints(r, [4])) },
  { name: 'maximum, minimum, squaredDifference', kernel: tf.Maximum, path: 'native', run: (r) => { const [a, b] = [u(r, [3, 4]), u(r, [3, 4])]; return [tf.maximum(a, b), tf.minimum(a, b), tf.squaredDifference(a, b)]; } },
  { name: 'comparisons give bool', kernel: tf.Greater, path: 'native', run: (r) => { const [a, b] = [u(r, [3, 4]), u(r, [4])]; return [tf.greater(a, b), tf.greaterEqual(a, 0), tf.less(a, b), tf.lessEqual(a, b), tf.equal(a, a), tf.notEqual(a, b)]; } },
  { name: 'unary math', kernel: tf.Sqrt, path: 'native', run: (r) => { const x = u(r, [3, 5]); const p = tf.abs(x); return [tf.relu(x), tf.leakyRelu(x, 0.3), tf.sqrt(p), tf.square(x), tf.neg(x), tf.exp(x), tf.log(p), tf.sigmoid(x), tf.rsqrt(tf.add(p, 0.1)), tf.step(x, 0.25)]; } },
  { name: 'cast bool to float32', kernel: tf.Cast, path: 'native', run: (r) => tf.cast(tf.greater(u(r, [4, 4]), 0), 'float32') },
  { name: 'cast float32 to int32', kernel: tf.Cast, path: 'fallback', run: (r) => tf.cast(tf.mul(u(r, [4, 4]), 5), 'int32') },
  { name: 'select with a same-shape condition', kernel: tf.Select, path: 'native', run: (r) => tf.where(tf.greater(u(r, [3, 4]), 0), u(r, [3, 4]), u(r, [3, 4])) },
  { name: 'select of int32 branches', kernel: tf.Select, path: 'fallback', run: (r) => tf.where(tf.greater(u(r, [3, 4]), 0), ints(r, [3, 4]), ints(r, [3, 4])) },
  { name: 'sum over the batch axis and keepDims', kernel: tf.Sum, path: 'native', run: (r) => { const x = u(r, [5, 4, 3]); return [tf.sum(x, 0), tf.sum(x, [1, 2], true), tf.sum(x), tf.sum(u(r, [300, 700]), 0)]; }, atol: 1e-4 },
  { name: 'sum over scattered axes', kernel: tf.Sum, path: 'fallback', run: (r) => tf.sum(u(r, [2, 3, 4]), [0, 2]) },
  { name: 'mean over N, H, W of NHWC (batch norm statistics) and keepDims', kernel: tf.Mean, path: 'native', run: (r) => { const x = u(r, [4, 6, 6, 8]); return [tf.mean(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.moments(x, [0, 1, 2]).variance, tf.mean(x, -1), tf.mean(x)]; }, atol: 1e-5 },
  { name: 'mean over scattered axes', kernel: tf.Mean, path: 'fallback', run: (r) => tf.mean(u(r, [2, 3, 4]), [0, 2]) },
  { name: 'int32 mean', kernel: tf.Mean, path: 'fallback', run: (r) => tf.mean(ints(r, [3, 4]), 0) },
];

async function evaluate(backend: string, testCase: Case): Promise<Array<{ shape: number[]; dtype: tf.DataType; values: tf.TypedArray }>> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = testCase.run(new Rng(17));
    return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, dtype: t.dtype, values: t.dataSync() as tf.TypedArray }));
  });
}

describeNative('native kernels against the cpu backend (needs libdnnl)', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
    await nativeBackend.activate({ threads: 2 });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const expected = await evaluate('cpu', testCase);
    resetNativeKernelStats();
    const actual = await evaluate('native', testCase);
    const counts = nativeKernelStats()[testCase.kernel] ?? { native: 0, fallback: 0 };
    expect(counts[testCase.path], `${testCase.kernel} calls on the ${testCase.path} path`).toBeGreaterThan(0);
    if (testCase.path === 'fallback') expect(counts.native, `${testCase.kernel} must not run natively`).toBe(0);
    expect(actual.length).toBe(expected.length);
    actual.forEach((out, k) => {
      const reference = expected[k] as (typeof expected)[number];
      expect(out.dtype, `output ${k} dtype`).toBe(reference.dtype);
      expect(out.shape, `output ${k} shape`).toEqual(reference.shape);
      const close = { rtol: testCase.rtol ?? 1e-5, atol: testCase.atol ?? 1e-5, message: `${testCase.name}: output ${k}` };
      expectTensorClose(tf.tensor(out.values, out.shape, out.dtype), reference.values, close);
    });
  });
});

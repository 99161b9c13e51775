import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

async function run(backend: typeof cpuBackend, compute: () => tf.Tensor): Promise<{ shape: number[]; dtype: string; values: number[] }> {
  await backend.activate();
  const out = tf.tidy(compute);
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(await out.data()) };
  out.dispose();
  return result;
}

async function expectSameAsCpu(compute: () => tf.Tensor): Promise<void> {
  const expected = await run(cpuBackend, compute);
  const actual = await run(wasmBackend, compute);
  expect({ ...actual, values: [] }).toEqual({ ...expected, values: [] });
  actual.values.forEach((v, i) => expect(v).toBeCloseTo(expected.values[i] as number, 4));
}

const uniform = (shape: number[], seed: number): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', seed);

describe('wasm Sum over leading axes (SIMD column sum) agrees with the cpu backend', () => {
  // Columns around the 4-float SIMD width, as for the bias gradients of Linear and Conv2d layers.
  for (const [shape, axis, keepDims] of [
    [[7, 1], [0], false],
    [[64, 3], 0, false],
    [[64, 4], 0, false],
    [[33, 301], [0], false],
    [[2, 5, 6, 3], [0, 1, 2], false],
    [[2, 5, 6, 3], [2, 0, 1], true],
    [[3, 4, 5], [0, 1], false],
  ] as Array<[number[], number | number[], boolean]>) {
    it(`sum of ${shape.join('x')} over ${JSON.stringify(axis)}${keepDims ? ', keepDims' : ''}`, async () => {
      await expectSameAsCpu(() => tf.sum(uniform(shape, 1), axis, keepDims));
    });
  }

  it('other sums still work (stock kernel): inner axes, all axes, int32', async () => {
    await expectSameAsCpu(() => tf.sum(uniform([6, 7], 2), 1));
    await expectSameAsCpu(() => tf.sum(uniform([6, 7], 3)));
    await expectSameAsCpu(() => tf.sum(tf.tensor2d([[1, 2], [3, 4]], undefined, 'int32'), 0));
  });
});

describe('wasm Sum and Mean over ~50,000 rows (batch norm over a 64x28x28 batch)', () => {
  // Values near 1, as batch norm's inputs after ReLU and its squared deviations are: a float32
  // running sum reaches ~50,000, where one rounding step is ~0.004.
  const shape = [64, 28, 28, 3];
  const values = (): Float32Array => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = 1 + 0.5 * Math.sin(0.37 * i);
    return data;
  };
  /** Per-channel sums of the float32 values, in float64. */
  const exactSums = (data: Float32Array): number[] => {
    const sums = [0, 0, 0];
    data.forEach((v, i) => void (sums[i % 3] = (sums[i % 3] as number) + v));
    return sums;
  };

  it('are as precise as a float64 sum of the float32 values (one float32 running sum was 2e-6 off)', async () => {
    await wasmBackend.activate();
    const data = values();
    const exact = exactSums(data);
    const rows = data.length / 3;
    const x = tf.tensor(data, shape);
    const sum = Array.from(tf.sum(x, [0, 1, 2]).dataSync());
    const mean = Array.from(tf.mean(x, [0, 1, 2]).dataSync());
    x.dispose();
    // float32 rounding of the result itself is 6e-8; blocks of 256 rows add a little more.
    sum.forEach((s, c) => expect(Math.abs(s - (exact[c] as number)) / (exact[c] as number)).toBeLessThan(2e-7));
    mean.forEach((m, c) => expect(Math.abs(m - (exact[c] as number) / rows) / ((exact[c] as number) / rows)).toBeLessThan(2e-7));
  });
});

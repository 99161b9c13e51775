import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { expectLongColumnSumsPrecise } from '@nnlab/testing';
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
  it('are as precise as a float64 sum of the float32 values (one float32 running sum was 2e-6 off)', async () => {
    await wasmBackend.activate();
    expectLongColumnSumsPrecise();
  });
});

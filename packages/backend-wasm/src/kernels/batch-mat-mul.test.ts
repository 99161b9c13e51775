import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

const uniform = (shape: number[], seed: number): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', seed);

async function valuesOn(backend: typeof cpuBackend, compute: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  await backend.activate();
  const out = tf.tidy(compute);
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return { shape: out.shape, values };
}

async function expectSameAsCpu(compute: () => tf.Tensor): Promise<void> {
  const reference = await valuesOn(cpuBackend, compute);
  const actual = await valuesOn(wasmBackend, compute);
  expect(actual.shape).toEqual(reference.shape);
  let worst = 0;
  actual.values.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - (reference.values[i] as number)))));
  expect(worst).toBeLessThan(1e-4);
}

// [a shape, b shape] before transposition; every transpose combination of each.
// Sizes above XNNPACK's tile sizes (and odd ones) so the GEMM path, not a remainder loop, is exercised.
const PAIRS: Array<[number[], number[], string]> = [
  [[37, 53], [53, 29], 'one GEMM'],
  [[2, 3, 17, 24], [24, 19], 'batched a, shared b (batches folded into rows)'],
  [[3, 9, 8], [3, 8, 5], 'batched a and b (stock loop)'],
  [[1, 20, 12], [1, 12, 7], 'rank 3 with batch 1'],
  // Fewer rows than columns and a fresh b: computed as (b^T a^T)^T, packing a instead of b.
  [[6, 40], [40, 64], 'few rows, wide b (swapped)'],
  [[2, 3, 4, 24], [24, 50], 'batched a, wide b (swapped)'],
];

const swap = (shape: number[]): number[] => [...shape.slice(0, -2), shape[shape.length - 1] as number, shape[shape.length - 2] as number];

describe('wasm BatchMatMul / _FusedMatMul routed to XNNPACK agree with the cpu backend', () => {
  for (const [aShape, bShape, label] of PAIRS) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`matMul ${label}, transposeA ${transposeA}, transposeB ${transposeB}`, async () => {
          await expectSameAsCpu(() =>
            tf.matMul(uniform(transposeA ? swap(aShape) : aShape, 1), uniform(transposeB ? swap(bShape) : bShape, 2), transposeA, transposeB),
          );
        });
      }
    }
  }

  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    it(`fused.matMul with bias and relu, transposeA ${transposeA}, transposeB ${transposeB}`, async () => {
      await expectSameAsCpu(() =>
        tf.fused.matMul({
          a: uniform(transposeA ? [24, 33] : [33, 24], 3),
          b: uniform(transposeB ? [18, 24] : [24, 18], 4),
          transposeA,
          transposeB,
          bias: uniform([18], 5),
          activation: 'relu',
        }),
      );
    });
  }

  it('gradients of a transposed product (what training dispatches) match cpu', async () => {
    const loss = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.matMul(a, b), uniform([40, 30], 6)));
    await expectSameAsCpu(() => tf.grads(loss)([uniform([40, 50], 7), uniform([50, 30], 8)])[0] as tf.Tensor);
    await expectSameAsCpu(() => tf.grads(loss)([uniform([40, 50], 7), uniform([50, 30], 8)])[1] as tf.Tensor);
  });

  it('a b reused as weights (inference) keeps giving the same product', async () => {
    await wasmBackend.activate();
    const a = uniform([6, 40], 14);
    const b = uniform([40, 64], 15);
    const first = Array.from(await tf.matMul(a, b).data());
    const second = Array.from(await tf.matMul(a, b).data()); // b's packed operator is cached now
    expect(second).toEqual(first);
    const reference = await valuesOn(cpuBackend, () => tf.matMul(uniform([6, 40], 14), uniform([40, 64], 15)));
    second.forEach((v, i) => expect(v).toBeCloseTo(reference.values[i] as number, 4));
    await wasmBackend.activate();
    tf.dispose([a, b]);
  });

  it('frees the transposed copies on the wasm heap', async () => {
    await wasmBackend.activate();
    const backend = tf.backend();
    const a = uniform([16, 12], 9);
    const b = uniform([10, 16], 10);
    const before = backend.numDataIds();
    const out = tf.matMul(a, b, true, true);
    expect(out.shape).toEqual([12, 10]);
    expect(backend.numDataIds()).toBe(before + 1);
    tf.dispose([a, b, out]);
    expect(backend.numDataIds()).toBe(before - 2);
  });
});

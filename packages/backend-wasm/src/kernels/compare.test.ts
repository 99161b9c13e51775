import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

type Op = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
const OPS: Array<[string, Op]> = [
  ['greater', tf.greater],
  ['greaterEqual', tf.greaterEqual],
  ['less', tf.less],
  ['lessEqual', tf.lessEqual],
  ['equal', tf.equal],
  ['notEqual', tf.notEqual],
];

/** Values with ties, zeros, a NaN and infinities, so every branch of every comparison is taken. */
function values(n: number, seed: number): Float32Array {
  const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5];
  return Float32Array.from({ length: n }, (_, i) => special[(i * seed) % 11] ?? Math.round(Math.sin(i * seed) * 4) / 4);
}

async function run(backend: typeof cpuBackend, compute: () => tf.Tensor): Promise<{ shape: number[]; dtype: string; values: number[] }> {
  await backend.activate();
  const out = tf.tidy(compute);
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(await out.data()) };
  out.dispose();
  return result;
}

describe('wasm comparisons (SIMD) agree with the cpu backend', () => {
  // 16 per SIMD iteration: sizes below, at and around it exercise the vector loop and the tail.
  for (const n of [1, 15, 16, 17, 100]) {
    for (const [name, op] of OPS) {
      it(`${name}: same shape, tensor vs scalar, scalar vs tensor (${n} elements)`, async () => {
        const cases: Array<() => tf.Tensor> = [
          () => op(tf.tensor1d(values(n, 3)), tf.tensor1d(values(n, 7))),
          () => op(tf.tensor2d(values(n, 3), [1, n]), tf.scalar(0.5)),
          () => op(tf.scalar(0), tf.tensor1d(values(n, 5))),
        ];
        for (const compute of cases) expect(await run(wasmBackend, compute)).toEqual(await run(cpuBackend, compute));
      });
    }
  }

  it('broadcasts other than a scalar and int32 inputs still work (stock kernel)', async () => {
    const broadcast = (): tf.Tensor => tf.greater(tf.tensor2d([[1, -2], [3, 0]]), tf.tensor1d([0, -3]));
    const ints = (): tf.Tensor => tf.equal(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([1, 0, 3], 'int32'));
    expect(await run(wasmBackend, broadcast)).toEqual(await run(cpuBackend, broadcast));
    expect(await run(wasmBackend, ints)).toEqual(await run(cpuBackend, ints));
  });
});

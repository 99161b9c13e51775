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

const sequence = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * scale));

describe('wasm Select (SIMD) agrees with the cpu backend', () => {
  for (const n of [1, 15, 16, 17, 100]) {
    it(`where(condition, t, e) with ${n} elements of each`, async () => {
      const compute = (): tf.Tensor => tf.where(tf.greater(tf.tensor1d(sequence(n, 0.7)), 0), tf.tensor1d(sequence(n, 1.3)), tf.tensor1d(sequence(n, 2.1)));
      expect(await run(wasmBackend, compute)).toEqual(await run(cpuBackend, compute));
    });
  }

  it('the leaky-ReLU gradient (where(x > 0, dy, alpha dy)) matches', async () => {
    const compute = (): tf.Tensor => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(x, 0.01), tf.tensor2d(sequence(60, 0.3), [6, 10]))))(tf.tensor2d(sequence(60, 0.9), [6, 10]));
    expect(await run(wasmBackend, compute)).toEqual(await run(cpuBackend, compute));
  });

  it('a rank-1 condition selecting rows and int32 values still work (stock kernel)', async () => {
    const rows = (): tf.Tensor => tf.where(tf.tensor1d([1, 0], 'bool'), tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]));
    const ints = (): tf.Tensor => tf.where(tf.tensor1d([1, 0, 1], 'bool'), tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4, 5, 6], 'int32'));
    expect(await run(wasmBackend, rows)).toEqual(await run(cpuBackend, rows));
    expect(await run(wasmBackend, ints)).toEqual(await run(cpuBackend, ints));
  });
});

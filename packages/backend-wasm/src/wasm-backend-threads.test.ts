import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './wasm-backend.js';

// A file of its own: threads are fixed by the first activation in a process.
describe('wasmBackend.activate({ threads: 2 }) in Node', () => {
  it('starts the threaded SIMD binary under worker_threads and computes the same products', async () => {
    expect('wasm' in tf.engine().registry).toBe(false);
    const info = await wasmBackend.activate({ threads: 2 });
    expect(info.threads).toBe(2);
    expect(info.simd).toBe(true);
    expect(info.notes?.[0]).toMatch(/threads: 2, threaded SIMD binary under Node worker_threads/);
    // Large enough that XNNPACK splits the GEMM across both threads.
    const m = 96;
    const k = 80;
    const n = 72;
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
    const values = await product.data();
    product.dispose();
    for (const [i, j] of [[0, 0], [m - 1, n - 1], [37, 51], [95, 3]] as const) {
      let expected = 0;
      for (let p = 0; p < k; p++) expected += (a[i * k + p] as number) * (b[p * n + j] as number);
      expect(values[i * n + j]).toBeCloseTo(expected, 3);
    }
  });
});

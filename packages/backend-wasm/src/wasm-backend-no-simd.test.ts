import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './wasm-backend.js';

// A file of its own: the forks pool runs each test file in a fresh process,
// and SIMD can only be chosen before the wasm module is first initialised.
describe('wasmBackend.activate({ simd: false })', () => {
  it('loads the plain binary and reports simd false', async () => {
    expect('wasm' in tf.engine().registry).toBe(false); // proves this process is fresh
    const info = await wasmBackend.activate({ simd: false });
    expect(info.simd).toBe(false);
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(false);
    expect(info.notes).toContain('SIMD turned off by activate({ simd: false })');
    const y = tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), tf.tensor1d([4, 5, 6]))));
    expect(await y.data()).toEqual(new Float32Array([32]));
    y.dispose();
  });
});

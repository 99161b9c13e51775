import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './wasm-backend.js';
import { wasmStockBackend } from './wasm-stock-backend.js';

// A file of its own: wasm-stock must be the first activation in the process,
// so the copies it registers are provably the stock kernels.
describe('wasmStockBackend', () => {
  it('activates the unmodified stock kernels and says what it lacks', async () => {
    expect('wasm' in tf.engine().registry).toBe(false);
    const info = await wasmStockBackend.activate();
    expect(info.name).toBe('wasm-stock');
    expect(info.tfjsBackend).toBe('wasm-stock');
    expect(info.kernels).toEqual({ replaced: [], added: [], fallback: [] });
    expect(info.notes?.[0]).toMatch(/no Conv2DBackpropFilter.*a CNN cannot train/);
    expect(info.notes?.join('\n')).toMatch(/MaxPoolGrad, OneHot, Cast, ClipByValue, MaxPool, AvgPool, Slice, Bincount, Tile, SparseToDense, Maximum, Minimum, Conv2D and FusedConv2D compute wrong results/);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm-stock')).toBeUndefined();
  });

  it('fails a CNN gradient with the missing kernel named', async () => {
    await wasmStockBackend.activate();
    const x = tf.ones([1, 4, 4, 1]);
    const filter = tf.ones([2, 2, 1, 1]);
    expect(() => tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid')))(filter)).toThrow(
      /Conv2DBackpropFilter.*wasm-stock/,
    );
    tf.dispose([x, filter]);
  });

  it('keeps its stock kernels after nnlab wasm replaces its own, and shares tensors with it', async () => {
    await wasmStockBackend.activate();
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const info = await wasmBackend.activate();
    expect(info.kernels?.replaced).toContain('BatchMatMul');
    expect(tf.getKernel(tf.BatchMatMul, 'wasm-stock')?.kernelFunc).not.toBe(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm-stock')).toBeUndefined();
    // Same BackendWasm instance under both names: no copy when switching.
    expect(tf.engine().registry['wasm-stock']).toBe(tf.engine().registry.wasm);
    await wasmStockBackend.activate();
    const product = tf.matMul(a, a, true, false);
    expect(Array.from(await product.data())).toEqual([10, 14, 14, 20]);
    tf.dispose([a, product]);
  });
});

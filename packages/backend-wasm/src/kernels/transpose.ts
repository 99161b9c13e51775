import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernels } from '../stock-wasm-kernels.js';
import { heapOffset, runSimd } from './simd-module.js';

const stockTranspose = (): tf.KernelConfig | undefined => stockWasmKernels().find((config) => config.kernelName === tf.Transpose);

/**
 * `Transpose` for wasm: swapping the last two axes of 4-byte values (every
 * transposed matMul operand, the convolution filter gradient's transposes
 * in part) runs as SIMD 4x4 blocks (`transpose-code.ts`), per matrix of the
 * leading axes. Stock tfjs-backend-wasm 4.22 moves one value at a time
 * through a generic loop: ~4 ns per float under load, 0.9 ms for the mlp's
 * [784, 300] weights, every step. Other permutations and dtypes: stock.
 */
function transpose(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as unknown as BackendWasm;
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { perm } = args.attrs as unknown as tf.TransposeAttrs;
  const rank = x.shape.length;
  const swapsLastTwo = rank >= 2 && perm.length === rank && perm.every((axis, i) => axis === (i === rank - 2 ? rank - 1 : i === rank - 1 ? rank - 2 : i));
  if (!swapsLastTwo || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
    const stock = stockTranspose();
    if (stock === undefined) throw new Error('nnlab wasm Transpose needs the stock kernel for this permutation');
    return stock.kernelFunc(args) as tf.TensorInfo;
  }
  const [rows, cols] = [x.shape[rank - 2] as number, x.shape[rank - 1] as number];
  const out = backend.makeOutput(perm.map((axis) => x.shape[axis] as number), x.dtype);
  const size = tf.util.sizeFromShape(x.shape);
  if (size > 0) runSimd(backend, 'transpose2d', heapOffset(backend, x), heapOffset(backend, out), rows, cols, size / (rows * cols));
  return out;
}

/** Replacement `Transpose` for the `wasm` backend (SIMD when it swaps the last two axes). */
export const transposeConfig: tf.KernelConfig = {
  kernelName: tf.Transpose,
  backendName: 'wasm',
  kernelFunc: transpose,
  // The stock kernel binds its C++ function in its setup; keep that for the other permutations.
  setupFunc: (backend) => stockTranspose()?.setupFunc?.(backend),
};

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, runSimd } from './simd-module.js';

let stockSum: tf.KernelFunc | undefined;
let stockSetup: tf.KernelSetupFunc | undefined;

/**
 * `Sum` for wasm. A float32 sum over the leading axes (`[0]` of `[N, C]`,
 * `[0, 1, 2]` of `[N, H, W, C]`: every bias gradient) is a column sum of a
 * row-major matrix, done in one streaming SIMD pass. Stock
 * tfjs-backend-wasm 4.22 first transposes the tensor so the summed axes
 * come last. Other sums go to the stock kernel.
 */
function sum(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as unknown as BackendWasm;
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) {
    if (stockSum === undefined) throw new Error('nnlab wasm Sum needs the stock kernel for this input');
    return stockSum(args) as tf.TensorInfo;
  }
  const kept = x.shape.slice(axes.length);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const cols = tf.util.sizeFromShape(kept);
  const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  runSimd(backend, 'columnSum', heapOffset(backend, x), heapOffset(backend, out), rows, cols);
  return out;
}

/** Remembers the stock `Sum` before registerWasmKernels replaces it. */
export function captureStockSum(): void {
  const stock = tf.getKernel(tf.Sum, 'wasm');
  if (stock === undefined || stock.kernelFunc === sumConfig.kernelFunc) return;
  stockSum = stock.kernelFunc;
  stockSetup = stock.setupFunc;
}

/** Replacement `Sum` for the `wasm` backend. */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: sum,
  setupFunc: (backend) => stockSetup?.(backend),
};

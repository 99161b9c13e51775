import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, runSimd } from './simd-module.js';

const stock: Partial<Record<'Sum' | 'Mean', { kernelFunc: tf.KernelFunc; setupFunc?: tf.KernelSetupFunc }>> = {};

/** Rows summed in float32 before their sum joins the float64 total (error ~ rows * 2^-24 at worst). */
const BLOCK_ROWS = 256;

/**
 * `Sum` (divisor 1) or `Mean` (divisor: the number of rows) for wasm. A
 * float32 reduction over the leading axes (`[0]` of `[N, C]`, `[0, 1, 2]` of
 * `[N, H, W, C]`: every bias gradient, batch norm's statistics) is a column
 * sum of a row-major matrix, done in streaming SIMD passes. Stock
 * tfjs-backend-wasm 4.22 first transposes the tensor so the summed axes
 * come last. Other reductions go to the stock kernel.
 */
function reduceLeadingAxes(kernel: 'Sum' | 'Mean', args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as unknown as BackendWasm;
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  if (tf.util.sizeFromShape(x.shape) === 0 && x.dtype !== 'string') {
    // Stock wasm returns uninitialised memory for an empty input; tfjs-backend-cpu returns zeros.
    const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
    const out = backend.makeOutput(shape, kernel === 'Mean' ? 'float32' : tf.sumOutType(x.dtype));
    backend.typedArrayFromHeap(out).fill(0);
    return out;
  }
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) {
    const fallback = stock[kernel];
    if (fallback === undefined) throw new Error(`nnlab wasm ${kernel} needs the stock kernel for this input`);
    return fallback.kernelFunc(args) as tf.TensorInfo;
  }
  const kept = x.shape.slice(axes.length);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const cols = tf.util.sizeFromShape(kept);
  const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
  const partial = backend.typedArrayFromHeap(out) as Float32Array;
  // The mean of no rows is 0 here, as tfjs-backend-cpu returns.
  const divisor = kernel === 'Mean' && rows > 0 ? rows : 1;
  // Blocks of rows summed in float32 (SIMD), the blocks' sums added in float64: batch norm sums
  // ~50,000 rows, and one float32 running sum over all of them was 2e-6 off, enough to move cnn3's
  // first-layer gradients by 10% (PyTorch's CPU kernels accumulate such sums in double). Up to
  // BLOCK_ROWS rows this is one float32 pass, as before.
  const [input, output] = [heapOffset(backend, x), heapOffset(backend, out)];
  const total = new Float64Array(cols);
  for (let first = 0; first < rows; first += BLOCK_ROWS) {
    partial.fill(0);
    runSimd(backend, 'columnSum', input + first * cols * 4, output, Math.min(BLOCK_ROWS, rows - first), cols);
    for (let c = 0; c < cols; c++) total[c] = (total[c] as number) + (partial[c] as number);
  }
  for (let c = 0; c < cols; c++) partial[c] = (total[c] as number) / divisor;
  return out;
}

/** Remembers the stock `Sum` and `Mean` before registerWasmKernels replaces them. */
export function captureStockSum(): void {
  for (const [kernel, config] of [['Sum', sumConfig], ['Mean', meanConfig]] as const) {
    const found = tf.getKernel(kernel, 'wasm');
    if (found === undefined || found.kernelFunc === config.kernelFunc) continue;
    stock[kernel] = { kernelFunc: found.kernelFunc, ...(found.setupFunc === undefined ? {} : { setupFunc: found.setupFunc }) };
  }
}

/** Replacement `Sum` for the `wasm` backend. */
export const sumConfig: tf.KernelConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: (args) => reduceLeadingAxes('Sum', args),
  setupFunc: (backend) => stock.Sum?.setupFunc?.(backend),
};

/** Replacement `Mean` for the `wasm` backend: batch norm's mean and variance over N, H, W. */
export const meanConfig: tf.KernelConfig = {
  kernelName: tf.Mean,
  backendName: 'wasm',
  kernelFunc: (args) => reduceLeadingAxes('Mean', args),
  setupFunc: (backend) => stock.Mean?.setupFunc?.(backend),
};

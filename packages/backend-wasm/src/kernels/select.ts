import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, runSimd } from './simd-module.js';

let stockSelect: tf.KernelFunc | undefined;
let stockSetup: tf.KernelSetupFunc | undefined;

/**
 * `Select` (`tf.where`) for wasm, as SIMD when the condition, `t` and `e`
 * all have the same size and `t`/`e` are float32: the leaky-ReLU gradient
 * is `where(x > 0, dy, alpha dy)` on every activation. Stock
 * tfjs-backend-wasm 4.22 takes ~40x the time of an add; other cases
 * (a rank-1 condition selecting rows, int32 values) go to it.
 */
function select(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as unknown as BackendWasm;
  const { condition, t, e } = args.inputs as unknown as { condition: tf.TensorInfo; t: tf.TensorInfo; e: tf.TensorInfo };
  const n = tf.util.sizeFromShape(t.shape);
  const fast = t.dtype === 'float32' && e.dtype === 'float32' && tf.util.sizeFromShape(e.shape) === n && tf.util.sizeFromShape(condition.shape) === n;
  if (!fast) {
    if (stockSelect === undefined) throw new Error('nnlab wasm Select needs the stock kernel for this input');
    return stockSelect(args) as tf.TensorInfo;
  }
  const out = backend.makeOutput([...t.shape], 'float32');
  runSimd(backend, 'select', heapOffset(backend, condition), heapOffset(backend, t), heapOffset(backend, e), heapOffset(backend, out), n);
  return out;
}

/** Remembers the stock `Select` before registerWasmKernels replaces it. */
export function captureStockSelect(): void {
  const stock = tf.getKernel(tf.Select, 'wasm');
  if (stock === undefined || stock.kernelFunc === selectConfig.kernelFunc) return;
  stockSelect = stock.kernelFunc;
  stockSetup = stock.setupFunc;
}

/** Replacement `Select` for the `wasm` backend. */
export const selectConfig: tf.KernelConfig = {
  kernelName: tf.Select,
  backendName: 'wasm',
  kernelFunc: select,
  setupFunc: (backend) => stockSetup?.(backend),
};

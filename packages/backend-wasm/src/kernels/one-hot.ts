import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { readValues } from './run-wasm-kernel.js';

let stockOneHot: tf.KernelFunc | undefined;
let stockSetup: tf.KernelSetupFunc | undefined;

/**
 * `OneHot` for wasm, wrapping the stock one. Stock tfjs-backend-wasm 4.22
 * allocates the output with the requested dtype but its C++ kernel always
 * writes int32 values, so `tf.oneHot(labels, n, 1, 0, 'float32')` reads back
 * as denormal floats (1 becomes 1.4e-45) and a cross-entropy loss silently
 * becomes 0. int32 outputs still go to the stock kernel; float outputs are
 * filled here (N x depth writes: negligible next to the matMuls around it).
 */
function oneHot(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const attrs = args.attrs as unknown as tf.OneHotAttrs;
  if (attrs.dtype === 'int32' && stockOneHot !== undefined) return stockOneHot(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const backend = args.backend as BackendWasm;
  const { indices } = args.inputs as unknown as { indices: tf.TensorInfo };
  const { depth, onValue, offValue } = attrs;
  const positions = readValues(backend, indices);
  const values = new Float32Array(positions.length * depth).fill(offValue);
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i] as number;
    if (position >= 0 && position < depth) values[i * depth + position] = onValue;
  }
  return backend.makeOutput([...indices.shape, depth], attrs.dtype, undefined, attrs.dtype === 'int32' ? Int32Array.from(values) : values);
}

/** Replacement `OneHot` for the `wasm` backend. */
export const oneHotConfig: tf.KernelConfig = {
  kernelName: tf.OneHot,
  backendName: 'wasm',
  kernelFunc: oneHot as unknown as tf.KernelFunc,
  // The stock kernel binds its C++ function in its setup; keep doing that for the int32 path.
  setupFunc: (backend) => stockSetup?.(backend),
};

/** Remembers the stock kernel before registerWasmKernels replaces it. */
export function captureStockOneHot(): void {
  const stock = tf.getKernel(tf.OneHot, 'wasm');
  if (stock === undefined || stock.kernelFunc === oneHotConfig.kernelFunc) return;
  stockOneHot = stock.kernelFunc;
  stockSetup = stock.setupFunc;
}

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Runs the registered `wasm` kernel `kernelName` directly on `backend`, the
 * way tfjs backends compose kernels internally: no engine bookkeeping, so the
 * caller must `backend.disposeData()` every intermediate it does not return.
 */
export function runWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) {
    throw new Error(`nnlab wasm kernel needs the stock wasm kernel "${kernelName}", which is not registered`);
  }
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(`nnlab wasm kernel expected one output from "${kernelName}", got ${out.length}`);
  }
  return out;
}

/** A copy of a tensor's values from the wasm heap, as numbers. */
export function readValues(backend: BackendWasm, info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array {
  const values = backend.readSync(info.dataId);
  if (!(values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array)) {
    throw new Error(`nnlab wasm kernel cannot read a ${info.dtype} tensor as numbers`);
  }
  return values;
}

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

let stockCast: tf.KernelFunc | undefined;
let stockIdentity: tf.KernelFunc | undefined;

/** A new tensor on the same wasm heap buffer (reference-counted, as `Reshape` already does). */
function share(backend: BackendWasm, x: tf.TensorInfo, dtype: tf.DataType = x.dtype): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype };
}

/**
 * `Identity` for wasm without the copy. The engine clones every tensor it
 * saves for the backward pass (`saveTensorsForBackwardMode`), and stock
 * tfjs-backend-wasm 4.22 copies the whole buffer for each clone: the weights
 * and activations of every layer, every training step. tfjs tensors are
 * immutable and no wasm kernel writes to its inputs, so sharing the buffer
 * with a reference count is safe; it is what the cpu backend does.
 */
function identity(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  if (x.dtype === 'string') {
    // String tensors live in JavaScript, not on the heap: the stock kernel copies them.
    if (stockIdentity === undefined) throw new Error('nnlab wasm Identity needs the stock wasm Identity kernel for string tensors, which was not registered');
    return stockIdentity(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  return share(args.backend as BackendWasm, x);
}

/**
 * `Cast` for wasm: a cast to the same dtype shares the buffer; a cast to
 * bool is `x != 0` (stock copies with `TypedArray.set`, which wraps, so
 * -2.2 became 254 and 256 became 0); other conversions go to the stock kernel.
 */
function cast(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (dtype === x.dtype) return share(backend, x);
  if (dtype === 'bool') {
    const out = backend.makeOutput([...x.shape], 'bool');
    const values = backend.typedArrayFromHeap(x);
    const result = backend.typedArrayFromHeap(out);
    for (let i = 0; i < values.length; i++) result[i] = values[i] === 0 ? 0 : 1;
    return out;
  }
  if (stockCast === undefined) throw new Error('nnlab wasm Cast needs the stock wasm Cast kernel, which was not registered');
  return stockCast(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

/** Remembers the stock `Cast` and `Identity` before registerWasmKernels replaces them. */
export function captureStockCast(): void {
  const stock = tf.getKernel(tf.Cast, 'wasm');
  if (stock !== undefined && stock.kernelFunc !== castConfig.kernelFunc) stockCast = stock.kernelFunc;
  const identityKernel = tf.getKernel(tf.Identity, 'wasm');
  if (identityKernel !== undefined && identityKernel.kernelFunc !== identityConfig.kernelFunc) stockIdentity = identityKernel.kernelFunc;
}

/** Replacement zero-copy `Identity` for the `wasm` backend. */
export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};

/** Replacement `Cast` for the `wasm` backend (zero-copy when the dtype does not change). */
export const castConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: 'wasm',
  kernelFunc: cast as unknown as tf.KernelFunc,
};

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS } from '@nnlab/core';

function allFinite(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  let finite = 1;
  for (const t of Object.values(args.inputs) as tf.TensorInfo[]) {
    if (t.dtype !== 'float32') throw new Error(`${FUSED_KERNELS.allFinite}: inputs must be float32, got ${t.dtype}`);
    // A view on the wasm heap (no copy); x - x is 0 for finite x and NaN for NaN and +-Infinity.
    const values = backend.typedArrayFromHeap(t) as Float32Array;
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (x - x !== 0) {
        finite = 0;
        break;
      }
    }
    if (finite === 0) break;
  }
  const out = backend.makeOutput([], 'bool');
  (backend.typedArrayFromHeap(out) as Uint8Array)[0] = finite;
  return out;
}

function selectIf(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { condition, t, e } = args.inputs as unknown as Record<'condition' | 't' | 'e', tf.TensorInfo>;
  if (t.dtype !== e.dtype || !tf.util.arraysEqual(t.shape, e.shape)) {
    throw new Error(`${FUSED_KERNELS.selectIf}: t [${t.shape}] ${t.dtype} and e [${e.shape}] ${e.dtype} must match`);
  }
  const chosen = (backend.typedArrayFromHeap(condition) as Uint8Array)[0] ? t : e;
  // The chosen tensor's own heap buffer, reference-counted like this package's Identity: no copy.
  backend.incRef(chosen.dataId);
  return { dataId: chosen.dataId, shape: [...chosen.shape], dtype: chosen.dtype };
}

/**
 * `NnlabAllFinite` for wasm (`FUSED_KERNELS` in @nnlab/core): one loop over
 * the heap, so `fit`'s finiteness check costs a read pass, not a sum kernel
 * per gradient.
 */
export const allFiniteConfig: tf.KernelConfig = {
  kernelName: FUSED_KERNELS.allFinite,
  backendName: 'wasm',
  kernelFunc: allFinite as unknown as tf.KernelFunc,
};

/** `NnlabSelectIf` for wasm: the masked update's select, sharing the chosen buffer instead of a select pass per tensor. */
export const selectIfConfig: tf.KernelConfig = {
  kernelName: FUSED_KERNELS.selectIf,
  backendName: 'wasm',
  kernelFunc: selectIf as unknown as tf.KernelFunc,
};

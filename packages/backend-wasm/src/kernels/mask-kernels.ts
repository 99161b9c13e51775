import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS } from '@nnlab/core';
import { heapOffset, runSimd } from './simd-module.js';

function allFinite(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput([], 'bool');
  const flag = backend.typedArrayFromHeap(out) as Uint8Array;
  flag[0] = 1;
  for (const t of Object.values(args.inputs) as tf.TensorInfo[]) {
    if (t.dtype === 'int32' || t.dtype === 'bool') continue; // always finite
    if (t.dtype !== 'float32') throw new Error(`${FUSED_KERNELS.allFinite}: inputs must be float32, int32 or bool, got ${t.dtype}`);
    // SIMD over the tensor on the heap, in place (see all-finite-code.ts); it clears the flag on a NaN or infinity.
    runSimd(backend, 'allFinite', heapOffset(backend, t), tf.util.sizeFromShape(t.shape), heapOffset(backend, out));
    if (flag[0] === 0) break;
  }
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
 * `NnlabAllFinite` for wasm (`FUSED_KERNELS` in @nnlab/core): one SIMD pass
 * over each tensor on the heap, so `fit`'s finiteness check costs a read
 * pass, not a sum kernel per gradient. Registered where wasm SIMD compiles;
 * elsewhere the trainer's portable check (a sum per tensor) runs.
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

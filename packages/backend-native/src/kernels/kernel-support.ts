import type * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../native-addon.js';
import { isNativeStorage } from '../native-backend-class.js';

/** The tfjs backend name the native backend registers. */
export const NATIVE_BACKEND_NAME = 'native';

/** Arguments every kernel gets, with the backend typed as what it really is. */
export interface KernelArgs {
  readonly inputs: tf.NamedTensorInfoMap;
  readonly backend: MathBackendCPU;
  readonly attrs: tf.NamedAttrMap;
}

/**
 * A native implementation: returns the output, or `undefined` when this
 * call's shapes, dtypes or attributes are not covered, in which case the
 * tfjs-backend-cpu kernel of the same name runs instead.
 */
export type NativeImpl = (args: KernelArgs, addon: NativeAddon) => tf.TensorInfo | tf.TensorInfo[] | undefined;

/** A kernel the native backend overrides, with the cpu kernel it falls back to. */
export interface NativeKernel {
  readonly kernelName: string;
  readonly impl: NativeImpl;
}

/** Marks every input of a call as seen by JavaScript kernel code, which may keep or alias its buffer. */
export function exposeInputs(params: { inputs: tf.NamedTensorInfoMap; backend: unknown }): void {
  const { backend, inputs } = params;
  if (!isNativeStorage(backend)) return;
  for (const name in inputs) {
    // Some kernels (RaggedGather, RaggedTensorToTensor, ...) take an array of tensors as one input.
    const entry = inputs[name] as tf.TensorInfo | tf.TensorInfo[] | undefined;
    for (const info of Array.isArray(entry) ? entry : entry === undefined ? [] : [entry]) backend.exposeData(info);
  }
}

/** A cpu kernel running on the native backend: its inputs are exposed first (see `Float32Pool`). */
export function asJavaScriptKernel(kernelFunc: tf.KernelFunc): tf.KernelFunc {
  return (params) => {
    exposeInputs(params as unknown as KernelArgs);
    return kernelFunc(params);
  };
}

/** Calls of one overridden kernel that ran natively and that fell back to JavaScript. */
export interface KernelCallCounts {
  native: number;
  fallback: number;
}

const callCounts = new Map<string, KernelCallCounts>();

/**
 * How often each overridden kernel ran in C++ and how often it fell back to
 * the cpu kernel since the process started (or the last reset): shows
 * whether a model's shapes hit the native paths.
 *
 * @example
 * resetNativeKernelStats();
 * model.forward(x);
 * console.log(nativeKernelStats()); // { _FusedMatMul: { native: 2, fallback: 0 }, ... }
 */
export function nativeKernelStats(): Record<string, Readonly<KernelCallCounts>> {
  return Object.fromEntries([...callCounts].map(([name, counts]) => [name, { ...counts }]));
}

/** Zeroes the counters of {@link nativeKernelStats}. */
export function resetNativeKernelStats(): void {
  callCounts.clear();
}

/** Wraps `impl` as a kernel function for the native backend that falls back to `fallback` per call. */
export function withFallback(kernel: NativeKernel, fallback: tf.KernelFunc, addon: NativeAddon): tf.KernelFunc {
  const javascript = asJavaScriptKernel(fallback);
  return (params) => {
    let counts = callCounts.get(kernel.kernelName);
    if (counts === undefined) {
      counts = { native: 0, fallback: 0 };
      callCounts.set(kernel.kernelName, counts);
    }
    const out = kernel.impl(params as unknown as KernelArgs, addon);
    if (out !== undefined) {
      counts.native += 1;
      return out;
    }
    counts.fallback += 1;
    return javascript(params);
  };
}

/** An output buffer of `length` float32s: recycled when the backend pools (dirty), else fresh. */
export function outputFloat32(backend: unknown, length: number): Float32Array {
  return isNativeStorage(backend) ? backend.takeFloat32(length) : new Float32Array(length);
}

/** The float32 values of `t` without a copy, or undefined for any other dtype or storage. */
export function float32Of(backend: MathBackendCPU, t: tf.TensorInfo | undefined): Float32Array | undefined {
  if (t === undefined || t.dtype !== 'float32') return undefined;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Float32Array ? values : undefined;
}

/** The bool values of `t` (stored as Uint8Array by the cpu backend), or undefined. */
export function boolOf(backend: MathBackendCPU, t: tf.TensorInfo | undefined): Uint8Array | undefined {
  if (t === undefined || t.dtype !== 'bool') return undefined;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Uint8Array ? values : undefined;
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

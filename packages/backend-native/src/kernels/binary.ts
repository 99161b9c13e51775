import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BINARY, NATIVE_COMPARE } from '../native-addon.js';
import { broadcastStrides, planBroadcast } from './broadcast-mode.js';
import { float32Of, type KernelArgs, type NativeKernel, outputFloat32, sizeOf } from './kernel-support.js';
import type { NativeAddon } from '../native-addon.js';

function arithmetic(kernelName: keyof typeof NATIVE_BINARY): NativeKernel {
  const op = NATIVE_BINARY[kernelName];
  return {
    kernelName,
    impl: ({ inputs, backend }, addon) => {
      const { a, b } = inputs;
      const aValues = float32Of(backend, a);
      const bValues = float32Of(backend, b);
      if (a === undefined || b === undefined || aValues === undefined || bValues === undefined) return undefined;
      const plan = planBroadcast(a.shape, b.shape);
      if (plan !== undefined) {
        const out = outputFloat32(backend, plan.size);
        addon.binary(op, aValues, bValues, out, plan.mode, plan.row);
        return backend.makeTensorInfo(plan.outShape, 'float32', out);
      }
      return strided(op, a, b, aValues, bValues, backend, addon);
    },
  };
}

/** Broadcasts the bias-like plans do not cover ([3, 1] with [1, 4], ...), up to rank 8. */
function strided(op: number, a: tf.TensorInfo, b: tf.TensorInfo, aValues: Float32Array, bValues: Float32Array, backend: KernelArgs['backend'], addon: NativeAddon): tf.TensorInfo | undefined {
  let outShape: number[];
  try {
    outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  } catch {
    return undefined; // the cpu kernel throws the proper error
  }
  const size = sizeOf(outShape);
  if (outShape.length === 0 || outShape.length > 8 || size === 0) return undefined;
  const out = outputFloat32(backend, size);
  addon.binaryStrided(op, aValues, bValues, out, Int32Array.from(outShape), broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape));
  return backend.makeTensorInfo(outShape, 'float32', out);
}

function comparison(kernelName: keyof typeof NATIVE_COMPARE): NativeKernel {
  const op = NATIVE_COMPARE[kernelName];
  return {
    kernelName,
    impl: ({ inputs, backend }, addon) => {
      const { a, b } = inputs;
      const aValues = float32Of(backend, a);
      const bValues = float32Of(backend, b);
      if (a === undefined || b === undefined || aValues === undefined || bValues === undefined) return undefined;
      const plan = planBroadcast(a.shape, b.shape);
      if (plan === undefined) return undefined;
      const out = new Uint8Array(plan.size);
      addon.compare(op, aValues, bValues, out, plan.mode, plan.row);
      return backend.makeTensorInfo(plan.outShape, 'bool', out);
    },
  };
}

/**
 * Float32 binary kernels in C++: Add, Sub, Multiply, RealDiv, Maximum,
 * Minimum, SquaredDifference (float32 out, any broadcast up to rank 8) and
 * the comparisons (bool out; equal shapes, scalars and bias-like rows).
 * Other dtypes and broadcasts fall back to the cpu kernels.
 */
export const binaryKernels: readonly NativeKernel[] = [
  ...(Object.keys(NATIVE_BINARY) as Array<keyof typeof NATIVE_BINARY>).map(arithmetic),
  ...(Object.keys(NATIVE_COMPARE) as Array<keyof typeof NATIVE_COMPARE>).map(comparison),
];

// Keep the kernel-name tables honest: every key must be a real tfjs kernel name.
const KNOWN: ReadonlySet<string> = new Set([
  tf.Add, tf.Sub, tf.Multiply, tf.RealDiv, tf.Maximum, tf.Minimum, tf.SquaredDifference,
  tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual,
]);
for (const kernel of binaryKernels) {
  if (!KNOWN.has(kernel.kernelName)) throw new Error(`native binary kernel table names an unknown tfjs kernel: ${kernel.kernelName}`);
}

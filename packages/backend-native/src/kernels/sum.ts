import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import { float32Of, type KernelArgs, type NativeKernel, outputFloat32, sizeOf } from './kernel-support.js';

/**
 * Sums float32 `x` over one contiguous block of axes (all axes, the last
 * ones, or leading ones such as batch norm's N, H, W) without the transpose
 * the cpu kernel makes, then divides by `divisor(reduceSize)` (as the cpu kernel does); scattered
 * axes and other dtypes return `undefined` (the cpu kernel runs).
 */
function reduceContiguous({ inputs, backend, attrs }: KernelArgs, addon: NativeAddon, divisor: (reduceSize: number) => number): tf.TensorInfo | undefined {
  const { x } = inputs;
  const values = float32Of(backend, x);
  if (x === undefined || values === undefined || values.length === 0) return undefined;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  if (axes.length === 0) return undefined;
  const first = axes[0] as number;
  const last = axes[axes.length - 1] as number;
  if (last - first + 1 !== axes.length) return undefined;
  const outer = sizeOf(x.shape.slice(0, first));
  const reduce = sizeOf(x.shape.slice(first, last + 1));
  const inner = sizeOf(x.shape.slice(last + 1));
  const out = outputFloat32(backend, outer * inner);
  addon.sum(values, out, outer, reduce, inner);
  const d = divisor(reduce);
  if (d !== 1) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / d;
  const kept = x.shape.map((d, i) => (i >= first && i <= last ? 1 : d));
  const outShape = keepDims ? kept : x.shape.filter((_, i) => i < first || i > last);
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** `Sum` of float32 over one contiguous block of axes (see {@link reduceContiguous}). */
export const sumKernel: NativeKernel = {
  kernelName: tf.Sum,
  impl: (args, addon) => reduceContiguous(args, addon, () => 1),
};

/**
 * `Mean` of float32 over one contiguous block of axes: batch norm's
 * statistics over N, H, W of an NHWC activation. The cpu kernel transposes
 * the whole activation first; in cnn3 that was two thirds of a step.
 */
export const meanKernel: NativeKernel = {
  kernelName: tf.Mean,
  impl: (args, addon) => reduceContiguous(args, addon, (n) => n),
};

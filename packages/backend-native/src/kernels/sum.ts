import * as tf from '@tensorflow/tfjs-core';
import { float32Of, type NativeKernel, outputFloat32, sizeOf } from './kernel-support.js';

/**
 * `Sum` of float32 over one contiguous block of axes (all axes, the last
 * ones, or the leading batch axis of a bias gradient) without the transpose
 * the cpu kernel makes; scattered axes and other dtypes fall back.
 */
export const sumKernel: NativeKernel = {
  kernelName: tf.Sum,
  impl: ({ inputs, backend, attrs }, addon) => {
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
    const kept = x.shape.map((d, i) => (i >= first && i <= last ? 1 : d));
    const outShape = keepDims ? kept : x.shape.filter((_, i) => i < first || i > last);
    return backend.makeTensorInfo(outShape, 'float32', out);
  },
};

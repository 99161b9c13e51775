import * as tf from '@tensorflow/tfjs-core';
import { float32Of, type NativeKernel, outputFloat32, sizeOf } from './kernel-support.js';
import type { NativeAddon } from '../native-addon.js';

type Shape4 = [number, number, number, number];

/** The 12 integers native/pool.cc reads: [n, h, w, c, oh, ow, kh, kw, strideH, strideW, padTop, padLeft]. */
function poolParams(info: tf.backend_util.Conv2DInfo): Int32Array | undefined {
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return undefined;
  return Int32Array.from([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
  ]);
}

interface PoolAttrs {
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: tf.MaxPoolAttrs['pad'];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function infoFor(shape: readonly number[], attrs: tf.NamedAttrMap): tf.backend_util.Conv2DInfo | undefined {
  if (shape.length !== 4) return undefined;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as PoolAttrs;
  return tf.backend_util.computePool2DInfo(shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
}

/** A forward pool kernel: NHWC float32 in, the addon's `run` fills the pooled output. */
function forwardPool(kernelName: string, run: (addon: NativeAddon, x: Float32Array, out: Float32Array, params: Int32Array) => void): NativeKernel {
  return {
    kernelName,
    impl: ({ inputs, backend, attrs }, addon) => {
      const xValues = float32Of(backend, inputs.x);
      const info = inputs.x && infoFor(inputs.x.shape, attrs);
      const params = info && poolParams(info);
      if (xValues === undefined || info === undefined || params === undefined) return undefined;
      // tfjs-backend-cpu returns the input itself for a 1x1 window that keeps the shape, even with
      // padding (then its windows would lie in the padding): its result, not the padded one.
      if (info.filterHeight === 1 && info.filterWidth === 1 && tf.util.arraysEqual(info.inShape, info.outShape)) return undefined;
      const out = outputFloat32(backend, sizeOf(info.outShape));
      if (out.length > 0) run(addon, xValues, out, params);
      return backend.makeTensorInfo(info.outShape, 'float32', out);
    },
  };
}

/** `MaxPool`, NHWC float32, tfjs-backend-cpu's semantics (first maximum, NaN ignored). */
export const maxPoolKernel: NativeKernel = forwardPool(tf.MaxPool, (addon, x, out, params) => addon.maxPool(x, out, params));

/** `MaxPoolGrad`: each window's gradient goes to its first maximum, recomputed from the input. */
export const maxPoolGradKernel: NativeKernel = {
  kernelName: tf.MaxPoolGrad,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { dy, input } = inputs;
    const dyValues = float32Of(backend, dy);
    const xValues = float32Of(backend, input);
    const info = input && infoFor(input.shape, attrs);
    const params = info && poolParams(info);
    if (dy === undefined || input === undefined || dyValues === undefined || xValues === undefined || info === undefined || params === undefined) return undefined;
    if (!tf.util.arraysEqual(dy.shape, info.outShape)) return undefined;
    const dx = outputFloat32(backend, xValues.length);
    if (dx.length > 0) addon.maxPoolGrad(dyValues, xValues, dx, params);
    return backend.makeTensorInfo([...input.shape], 'float32', dx);
  },
};

/** `AvgPool`: each window's mean over its in-bounds inputs. */
export const avgPoolKernel: NativeKernel = forwardPool(tf.AvgPool, (addon, x, out, params) => addon.avgPool(x, out, params));

/** `AvgPoolGrad`, like every tfjs backend: dy / (window height x width) to each input of the window. */
export const avgPoolGradKernel: NativeKernel = {
  kernelName: tf.AvgPoolGrad,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { dy, input } = inputs;
    const dyValues = float32Of(backend, dy);
    const info = input && infoFor(input.shape, attrs);
    const params = info && poolParams(info);
    if (dy === undefined || input === undefined || dyValues === undefined || info === undefined || params === undefined) return undefined;
    if (!tf.util.arraysEqual(dy.shape, info.outShape)) return undefined;
    const dx = outputFloat32(backend, sizeOf(input.shape));
    if (dx.length > 0) addon.avgPoolGrad(dyValues, dx, params);
    return backend.makeTensorInfo([...input.shape], 'float32', dx);
  },
};

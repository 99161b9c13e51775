import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single } from './unbroadcast.js';

/**
 * Gradients of convolutions and pooling. They dispatch to the backends'
 * backprop kernels (`Conv2DBackpropInput`, `Conv2DBackpropFilter`,
 * `MaxPoolGrad`, ...) through `tf.engine().runKernel`, so a backend that
 * ships a fast backprop kernel (or replaces one) is used automatically.
 */

const run = (kernelName: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): tf.Tensor =>
  tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor;

function assertNoDilation(kernelName: string, dilations: number | [number, number] | undefined): void {
  const values = dilations === undefined ? [1] : typeof dilations === 'number' ? [dilations] : dilations;
  if (values.some((d) => d !== 1)) {
    // tfjs' own wording, which its specs (and users' error handling) look for.
    throw new Error(`gradient of ${kernelName}: dilation rates greater than 1 are not yet supported in gradients (got dilations ${JSON.stringify(dilations)})`);
  }
}

/**
 * The forward AvgPool of every tfjs backend divides each window by the number
 * of real (unpadded) inputs it covers, but their AvgPoolGrad divides by the
 * full window size. To get the true gradient we pre-scale dy by
 * windowSize / validCount; returns undefined when no window touches padding.
 */
function windowScale(info: tf.backend_util.Conv2DInfo): tf.Tensor | undefined {
  const { top, bottom, left, right } = info.padInfo;
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return undefined;
  const counts = (out: number, stride: number, size: number, padBefore: number, extent: number): number[] =>
    Array.from({ length: out }, (_, o) => {
      const start = o * stride - padBefore;
      return Math.min(start + size, extent) - Math.max(start, 0);
    });
  const rows = counts(info.outHeight, info.strideHeight, info.filterHeight, top, info.inHeight);
  const cols = counts(info.outWidth, info.strideWidth, info.filterWidth, left, info.inWidth);
  const windowSize = info.filterHeight * info.filterWidth;
  const values = rows.flatMap((r) => cols.map((c) => windowSize / Math.max(r * c, 1)));
  return tf.tensor4d(values, [1, info.outHeight, info.outWidth, 1]);
}

export const convGradientConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.Conv2D);
      const filter = savedAt(saved, 1, tf.Conv2D);
      const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
      assertNoDilation(tf.Conv2D, dilations);
      const common = { strides, pad, dataFormat, ...(dimRoundingMode ? { dimRoundingMode } : {}) } as tf.NamedAttrMap;
      const g = single(dy);
      return {
        x: () => run(tf.Conv2DBackpropInput, { dy: g, filter }, { ...common, inputShape: x.shape }),
        filter: () => run(tf.Conv2DBackpropFilter, { x, dy: g }, { ...common, filterShape: filter.shape }),
      };
    },
  },
  {
    // The transposed convolution: its input gradient is a forward convolution.
    kernelName: tf.Conv2DBackpropInput,
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const dy = savedAt(saved, 0, tf.Conv2DBackpropInput);
      const filter = savedAt(saved, 1, tf.Conv2DBackpropInput);
      const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const common = { strides, pad, dataFormat, ...(dimRoundingMode ? { dimRoundingMode } : {}) } as tf.NamedAttrMap;
      const g = single(ddx);
      return {
        dy: () => run(tf.Conv2D, { x: g, filter }, { ...common, dilations: 1 }),
        filter: () => run(tf.Conv2DBackpropFilter, { x: g, dy }, { ...common, filterShape: filter.shape }),
      };
    },
  },
  {
    kernelName: tf.DepthwiseConv2dNative,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.DepthwiseConv2dNative);
      const filter = savedAt(saved, 1, tf.DepthwiseConv2dNative);
      const { strides, pad, dilations, dimRoundingMode } = attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
      assertNoDilation(tf.DepthwiseConv2dNative, dilations);
      const common = { strides, pad, dilations: 1, ...(dimRoundingMode ? { dimRoundingMode } : {}) } as tf.NamedAttrMap;
      const g = single(dy);
      return {
        x: () => run(tf.DepthwiseConv2dNativeBackpropInput, { dy: g, filter }, { ...common, inputShape: x.shape }),
        filter: () => run(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy: g }, { ...common, filterShape: filter.shape }),
      };
    },
  },
  {
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.MaxPool);
      const y = savedAt(saved, 1, tf.MaxPool);
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolAttrs;
      const poolAttrs = { filterSize, strides, pad, ...(dimRoundingMode ? { dimRoundingMode } : {}) } as tf.NamedAttrMap;
      return { x: () => run(tf.MaxPoolGrad, { dy: single(dy), input: x, output: y }, poolAttrs) };
    },
  },
  {
    kernelName: tf.AvgPool,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.AvgPool);
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.AvgPoolAttrs;
      const g = single(dy);
      return {
        x: () => {
          const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
          const scale = windowScale(info);
          const scaled = scale === undefined ? g : tf.mul(g, scale);
          return run(tf.AvgPoolGrad, { dy: scaled, input: x }, { filterSize, strides, pad } as tf.NamedAttrMap);
        },
      };
    },
  },
];

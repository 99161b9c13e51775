import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_ACTIVATION, type NativeAddon } from '../native-addon.js';
import { isNativeStorage } from '../native-backend-class.js';
import { convParams } from './conv-params.js';
import { float32Of, type KernelArgs, type NativeKernel, outputFloat32, sizeOf } from './kernel-support.js';

/** Implementation names oneDNN picked, by kernel, for BackendInfo-style reports and tests. */
export const convImplementations = new Map<string, string>();

function forward(args: KernelArgs, addon: NativeAddon, kernelName: string): tf.TensorInfo | undefined {
  const { inputs, backend, attrs } = args;
  const { x, filter, bias } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation = 'linear', leakyreluAlpha } = attrs as unknown as tf.FusedConv2DAttrs;
  if ((dataFormat ?? 'NHWC') !== 'NHWC' || inputs.preluActivationWeights !== undefined) return undefined;
  const xValues = float32Of(backend, x);
  const filterValues = float32Of(backend, filter);
  if (x === undefined || filter === undefined || xValues === undefined || filterValues === undefined) return undefined;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  const code = (NATIVE_ACTIVATION as Record<string, number>)[activation];
  if (code === undefined) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    strides, dilations, pad, dimRoundingMode, false, 'channelsLast',
  );
  const params = convParams(info);
  if (params === undefined) return undefined;
  let biasValues: Float32Array | null = null;
  if (bias !== undefined) {
    const values = float32Of(backend, bias);
    if (values === undefined || sizeOf(bias.shape) !== info.outChannels || bias.shape[bias.shape.length - 1] !== info.outChannels) return undefined;
    biasValues = values;
  }
  const size = sizeOf(info.outShape);
  if (size > 0 && (xValues.length === 0 || filterValues.length === 0)) return undefined; // sums over nothing: the cpu kernel applies bias and activation
  const out = outputFloat32(backend, size);
  if (size === 0) return backend.makeTensorInfo(info.outShape, 'float32', out);
  convImplementations.set(kernelName, addon.conv2dForward(xValues, filterValues, out, params, biasValues, code, leakyreluAlpha ?? 0.2));
  return backend.makeTensorInfo(info.outShape, 'float32', out);
}

/** `Conv2D` on oneDNN: float32 NHWC, any stride, padding and dilation; NCHW falls back. */
export const conv2dKernel: NativeKernel = {
  kernelName: tf.Conv2D,
  impl: (args, addon) => forward(args, addon, tf.Conv2D),
};

/** `FusedConv2D` (`tf.fused.conv2d`): convolution + bias + linear/relu/leakyrelu as one oneDNN primitive. */
export const fusedConv2dKernel: NativeKernel = {
  kernelName: tf.FusedConv2D,
  impl: (args, addon) => forward(args, addon, tf.FusedConv2D),
};

/**
 * `Conv2DBackpropInput` (gradient of Conv2D with respect to its input) on
 * oneDNN, or GEMM + col2im below 8 input channels; computed when first read.
 */
export const conv2dBackpropInputKernel: NativeKernel = {
  kernelName: tf.Conv2DBackpropInput,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { dy, filter } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if ((dataFormat ?? 'NHWC') !== 'NHWC') return undefined;
    const dyValues = float32Of(backend, dy);
    const filterValues = float32Of(backend, filter);
    if (dy === undefined || filter === undefined || dyValues === undefined || filterValues === undefined || filter.shape.length !== 4) return undefined;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    );
    const params = convParams(info);
    if (params === undefined || !tf.util.arraysEqual(info.outShape, dy.shape)) return undefined;
    const compute = (dx: Float32Array): void => {
      if (dyValues.length === 0 || filterValues.length === 0) dx.fill(0);
      else if (dx.length > 0) convImplementations.set(tf.Conv2DBackpropInput, addon.conv2dBackwardData(dyValues, filterValues, dx, params));
    };
    // Computed on first read: tfjs' fused conv2d gradient also computes the
    // gradient of the layer's input, which for the first layer (the data
    // batch) nothing reads; PyTorch skips it, and so do we.
    if (isNativeStorage(backend)) return backend.deferFloat32([...inputShape], compute, [dy, filter]);
    const dx = outputFloat32(backend, sizeOf(inputShape));
    compute(dx);
    return backend.makeTensorInfo([...inputShape], 'float32', dx);
  },
};

/** `Conv2DBackpropFilter` (gradient of Conv2D with respect to its filter) on oneDNN. */
export const conv2dBackpropFilterKernel: NativeKernel = {
  kernelName: tf.Conv2DBackpropFilter,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if ((dataFormat ?? 'NHWC') !== 'NHWC') return undefined;
    const xValues = float32Of(backend, x);
    const dyValues = float32Of(backend, dy);
    if (x === undefined || dy === undefined || xValues === undefined || dyValues === undefined || x.shape.length !== 4) return undefined;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    );
    const params = convParams(info);
    if (params === undefined || !tf.util.arraysEqual(info.outShape, dy.shape)) return undefined;
    const dfilter = outputFloat32(backend, sizeOf(filterShape));
    if (xValues.length === 0 || dyValues.length === 0) dfilter.fill(0);
    else if (dfilter.length > 0) convImplementations.set(tf.Conv2DBackpropFilter, addon.conv2dBackwardFilter(xValues, dyValues, dfilter, params));
    return backend.makeTensorInfo([...filterShape], 'float32', dfilter);
  },
};

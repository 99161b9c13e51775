import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forEachDepthwiseTap } from './depthwise-taps.js';
import { readValues } from './run-wasm-kernel.js';

/**
 * `DepthwiseConv2dNativeBackpropFilter` for wasm (stock tfjs-backend-wasm 4.22
 * lacks it): a plain JavaScript loop over copies of `x` and `dy`, written to a
 * new wasm tensor. Depthwise layers are rare in what nnlab trains, so
 * correctness over speed; it is reported as a fallback.
 *
 * dW[i, j, c, m] = sum over (n, y, x) of x[n, y*sH + i*dH - top, x*sW + j*dW - left, c] * dy[n, y, x, c*M + m]
 */
function depthwiseConv2dNativeBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { inChannels, outChannels, filterHeight, filterWidth } = info;
  const multiplier = outChannels / inChannels;
  const xValues = readValues(backend, x);
  const dyValues = readValues(backend, dy);
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * multiplier);
  forEachDepthwiseTap(info, (dyBase, xBase, tap) => {
    const dWBase = tap * inChannels * multiplier;
    for (let c = 0; c < inChannels; ++c) {
      const xValue = xValues[xBase + c] as number;
      for (let m = 0; m < multiplier; ++m) {
        const k = c * multiplier + m;
        dW[dWBase + k] = (dW[dWBase + k] as number) + xValue * (dyValues[dyBase + k] as number);
      }
    }
  });
  return backend.makeOutput([filterHeight, filterWidth, inChannels, multiplier], 'float32', undefined, dW);
}

/** Kernel config registering {@link depthwiseConv2dNativeBackpropFilter} for the `wasm` backend. */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};

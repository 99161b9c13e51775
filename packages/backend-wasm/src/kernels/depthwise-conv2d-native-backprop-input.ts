import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forEachDepthwiseTap } from './depthwise-taps.js';
import { readValues } from './run-wasm-kernel.js';

/**
 * `DepthwiseConv2dNativeBackpropInput` for wasm (stock tfjs-backend-wasm 4.22
 * lacks it): scatters each output gradient back through the filter taps that
 * produced it, in a plain JavaScript loop; reported as a fallback.
 *
 * dx[n, y*sH + i*dH - top, x*sW + j*dW - left, c] += dy[n, y, x, c*M + m] * filter[i, j, c, m]
 */
function depthwiseConv2dNativeBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outChannels } = info;
  const multiplier = outChannels / inChannels;
  const dyValues = readValues(backend, dy);
  const filterValues = readValues(backend, filter);
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  forEachDepthwiseTap(info, (dyBase, dxBase, tap) => {
    const filterBase = tap * outChannels;
    for (let c = 0; c < inChannels; ++c) {
      let sum = 0;
      for (let m = 0; m < multiplier; ++m) {
        const k = c * multiplier + m;
        sum += (dyValues[dyBase + k] as number) * (filterValues[filterBase + k] as number);
      }
      dx[dxBase + c] = (dx[dxBase + c] as number) + sum;
    }
  });
  return backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32', undefined, dx);
}

/** Kernel config registering {@link depthwiseConv2dNativeBackpropInput} for the `wasm` backend. */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput,
};

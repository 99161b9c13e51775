import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
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
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const multiplier = outChannels / inChannels;
  const xValues = readValues(backend, x);
  const dyValues = readValues(backend, dy);
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * multiplier);

  for (let n = 0; n < batchSize; ++n) {
    for (let y = 0; y < outHeight; ++y) {
      for (let i = 0; i < filterHeight; ++i) {
        const row = y * strideHeight + i * dilationHeight - top;
        if (row < 0 || row >= inHeight) continue;
        for (let col = 0; col < outWidth; ++col) {
          const dyBase = ((n * outHeight + y) * outWidth + col) * outChannels;
          for (let j = 0; j < filterWidth; ++j) {
            const column = col * strideWidth + j * dilationWidth - left;
            if (column < 0 || column >= inWidth) continue;
            const xBase = ((n * inHeight + row) * inWidth + column) * inChannels;
            const dWBase = (i * filterWidth + j) * inChannels * multiplier;
            for (let c = 0; c < inChannels; ++c) {
              const xValue = xValues[xBase + c] as number;
              for (let m = 0; m < multiplier; ++m) {
                const k = c * multiplier + m;
                dW[dWBase + k] = (dW[dWBase + k] as number) + xValue * (dyValues[dyBase + k] as number);
              }
            }
          }
        }
      }
    }
  }
  return backend.makeOutput([filterHeight, filterWidth, inChannels, multiplier], 'float32', undefined, dW);
}

/** Kernel config registering {@link depthwiseConv2dNativeBackpropFilter} for the `wasm` backend. */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convolveOnXnnpack } from './convolve-on-xnnpack.js';
import { countJavascriptPath } from './javascript-paths.js';
import { runWasmKernel } from './run-wasm-kernel.js';

/**
 * `Conv2DBackpropFilter` for wasm, which stock tfjs-backend-wasm 4.22 lacks.
 *
 * The filter gradient of a stride-`s` convolution is itself a convolution:
 * dW[i, j, c, o] = sum over (n, y, x) of xPadded[n, y*s + i, x*s + j, c] * dy[n, y, x, o].
 * Transposing x to [C, H, W, N] and dy to [outH, outW, N, O] turns that into a
 * forward Conv2D with stride 1 and dilation `s`, so the work runs in the
 * stock XNNPACK kernel (SIMD when available) instead of a JavaScript loop.
 */
/** tfjs-backend-cpu's loop, on the heap: for geometries the convolution above cannot express. */
function backpropFilterInJavaScript(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  countJavascriptPath('Conv2DBackpropFilter');
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  if (!tf.util.arraysEqual(dy.shape, [batchSize, outHeight, outWidth, outChannels])) {
    throw new Error(`nnlab wasm Conv2DBackpropFilter: dy is [${dy.shape}], the convolution's output is [${info.outShape}]`);
  }
  const out = backend.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  const [xs, dys, dw] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(out)];
  dw.fill(0);
  for (let wR = 0; wR < filterHeight; wR++) {
    for (let wC = 0; wC < filterWidth; wC++) {
      for (let b = 0; b < batchSize; b++) {
        for (let yR = 0; yR < outHeight; yR++) {
          const xR = yR * info.strideHeight - info.padInfo.top + wR;
          if (xR < 0 || xR >= inHeight) continue;
          for (let yC = 0; yC < outWidth; yC++) {
            const xC = yC * info.strideWidth - info.padInfo.left + wC;
            if (xC < 0 || xC >= inWidth) continue;
            const xi = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const yi = ((b * outHeight + yR) * outWidth + yC) * outChannels;
            const wi = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              for (let d2 = 0; d2 < outChannels; d2++) dw[wi + d1 * outChannels + d2] = (dw[wi + d1 * outChannels + d2] as number) + (xs[xi + d1] as number) * (dys[yi + d2] as number);
            }
          }
        }
      }
    }
  }
  return out;
}

function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') {
    throw new Error("nnlab wasm Conv2DBackpropFilter supports dataFormat 'NHWC' only, got 'NCHW'");
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, left } = info.padInfo;
  // Padding after the input so the strided window ends exactly at the last
  // filter tap; negative means trailing rows/columns the forward pass never read.
  const bottom = info.filterHeight + (info.outHeight - 1) * info.strideHeight - info.inHeight - top;
  const right = info.filterWidth + (info.outWidth - 1) * info.strideWidth - info.inWidth - left;

  if (info.inHeight + Math.min(bottom, 0) <= 0 || info.inWidth + Math.min(right, 0) <= 0) {
    // Every window starts in the padding: nothing of x is left to convolve as above.
    return backpropFilterInJavaScript(backend, x, dy, info);
  }
  if (!tf.util.arraysEqual(dy.shape, [info.batchSize, info.outHeight, info.outWidth, info.outChannels])) {
    throw new Error(`nnlab wasm Conv2DBackpropFilter: dy is [${dy.shape}], the convolution's output is [${info.outShape}]`);
  }
  const temporaries: tf.TensorInfo[] = [];
  let input = x;
  if (bottom < 0 || right < 0) {
    input = runWasmKernel(tf.Slice, backend, { x }, {
      begin: [0, 0, 0, 0],
      size: [info.batchSize, info.inHeight + Math.min(bottom, 0), info.inWidth + Math.min(right, 0), info.inChannels],
    });
    temporaries.push(input);
  }
  const xT = runWasmKernel(tf.Transpose, backend, { x: input }, { perm: [3, 1, 2, 0] });
  const dyT = runWasmKernel(tf.Transpose, backend, { x: dy }, { perm: [1, 2, 0, 3] });
  temporaries.push(xT, dyT);
  const padding = { top, bottom: Math.max(bottom, 0), left, right: Math.max(right, 0) };
  const gradient = convolveOnXnnpack(backend, xT, dyT, padding, [info.strideHeight, info.strideWidth]);
  temporaries.push(gradient);
  const result = runWasmKernel(tf.Transpose, backend, { x: gradient }, { perm: [1, 2, 0, 3] });
  for (const t of temporaries) backend.disposeData(t.dataId);
  return result;
}

/** Kernel config registering {@link conv2DBackpropFilter} for the `wasm` backend. */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};

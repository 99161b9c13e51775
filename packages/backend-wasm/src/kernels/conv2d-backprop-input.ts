import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { deferOutput } from './deferred-output.js';
import { convolveOnXnnpack } from './convolve-on-xnnpack.js';
import { runWasmKernel } from './run-wasm-kernel.js';

let stockBackpropInput: tf.KernelFunc | undefined;
let stockSetup: tf.KernelSetupFunc | undefined;

/**
 * `Conv2DBackpropInput` for wasm. Stock tfjs-backend-wasm 4.22 computes it
 * in a direct C++ loop (half of a CNN training step). For stride 1 the
 * input gradient is itself a convolution: dy padded by `k - 1 - pad`
 * (and whatever makes the result input-sized) convolved with the filter
 * rotated by 180 degrees and with its in/out channels swapped. That runs
 * as a forward wasm `Conv2D` (XNNPACK, `convolveOnXnnpack`). Strided and NCHW cases go to the
 * stock kernel.
 */
function computeBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth } = info;
  const top = filterHeight - 1 - info.padInfo.top;
  const left = filterWidth - 1 - info.padInfo.left;
  const bottom = inHeight - outHeight + info.padInfo.top;
  const right = inWidth - outWidth + info.padInfo.left;
  // The convolution below makes a [batch, inHeight, inWidth, inChannels] result only when dy has
  // the shape the forward convolution of `inputShape` gives. tfjs also calls this kernel with
  // other dy shapes (conv2dTranspose with an output smaller than its input): tfjs-backend-cpu
  // then reads only the part of dy inside that shape, and so does the stock kernel.
  const dyMatches = tf.util.arraysEqual(dy.shape, [info.batchSize, outHeight, outWidth, info.outChannels]) && filter.shape[2] === info.inChannels;
  if (tf.util.sizeFromShape(dy.shape) === 0 || tf.util.sizeFromShape(filter.shape) === 0) {
    // Nothing flows back: zeros (the convolutions below would leave the output uninitialised).
    const out = backend.makeOutput([...inputShape], 'float32');
    backend.typedArrayFromHeap(out).fill(0);
    return out;
  }
  const direct = dataFormat !== 'NCHW' && dyMatches && info.strideHeight === 1 && info.strideWidth === 1 && Math.min(top, left, bottom, right) >= 0;
  if (!direct) {
    if (stockBackpropInput === undefined) throw new Error('nnlab wasm Conv2DBackpropInput needs the stock kernel for strided or NCHW convolutions');
    return stockBackpropInput(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const flipped = runWasmKernel(tf.Reverse, backend, { x: filter }, { dims: [0, 1] });
  const swapped = runWasmKernel(tf.Transpose, backend, { x: flipped }, { perm: [0, 1, 3, 2] });
  try {
    return convolveOnXnnpack(backend, dy, swapped, { top, bottom, left, right }, [1, 1]);
  } finally {
    backend.disposeData(flipped.dataId);
    backend.disposeData(swapped.dataId);
  }
}

/**
 * Deferred (see `deferOutput`): tfjs' fused convolution computes the input
 * gradient of every layer, and the first layer's, the gradient of the
 * images, is dropped unread; it is never computed here.
 */
function conv2DBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return computeBackpropInput(args);
  return deferOutput(backend, [...inputShape], [dy, filter], () => computeBackpropInput(args));
}

/** Remembers the stock kernel before registerWasmKernels replaces it. */
export function captureStockConv2DBackpropInput(): void {
  const stock = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  if (stock === undefined || stock.kernelFunc === conv2DBackpropInputConfig.kernelFunc) return;
  stockBackpropInput = stock.kernelFunc;
  stockSetup = stock.setupFunc;
}

/** Replacement `Conv2DBackpropInput` for the `wasm` backend (XNNPACK for stride 1). */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
  // The stock kernel binds its C++ function in its setup; keep that for the strided path.
  setupFunc: (backend) => stockSetup?.(backend),
};

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { countJavascriptPath } from './javascript-paths.js';
import { heapOffset, runSimd, simdKernelsSupported } from './simd-module.js';

/**
 * `MaxPoolGrad` for wasm, replacing the stock one. Stock tfjs-backend-wasm
 * 4.22 starts each window's running max at `std::numeric_limits<float>::min()`
 * (the smallest *positive* float), so in a window whose values are all <= 0
 * nothing beats it and the gradient goes to flat offset 0 of the input (or is
 * lost). After ReLU every all-zero window hits that. This one routes each
 * output gradient to the first maximum of its window, like the cpu backend
 * and TensorFlow: a WebAssembly loop in nnlab's kernel module
 * (`max-pool-grad-code.ts`) on the heap in place where that module compiles
 * (wasm SIMD runtimes), a JavaScript loop over views of the heap elsewhere
 * (then reported as a fallback).
 */
function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as unknown as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  if (tf.util.sizeFromShape(dy.shape) !== batchSize * outHeight * outWidth * inChannels) {
    throw new Error(`nnlab wasm MaxPoolGrad: dy is [${dy.shape}], the pooling's output is [${info.outShape}]`);
  }
  const out = backend.makeOutput([...input.shape], 'float32');
  // Heap offsets first: reading a deferred input (an input gradient computed when first read)
  // allocates, which may grow the heap and detach views taken earlier.
  const [xAt, dyAt, dxAt] = [heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, out)];
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  if (simdKernelsSupported()) {
    runSimd(backend, 'maxPoolGrad', xAt, dyAt, dxAt, batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth, top, left);
    return out;
  }
  countJavascriptPath('MaxPoolGrad');
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;

  for (let n = 0; n < batchSize; ++n) {
    for (let y = 0; y < outHeight; ++y) {
      const rowStart = y * strideHeight - top;
      for (let col = 0; col < outWidth; ++col) {
        const columnStart = col * strideWidth - left;
        for (let c = 0; c < inChannels; ++c) {
          let max = Number.NEGATIVE_INFINITY;
          let position = -1;
          for (let i = 0; i < effectiveFilterHeight; i += dilationHeight) {
            const row = rowStart + i;
            if (row < 0 || row >= inHeight) continue;
            for (let j = 0; j < effectiveFilterWidth; j += dilationWidth) {
              const column = columnStart + j;
              if (column < 0 || column >= inWidth) continue;
              const offset = ((n * inHeight + row) * inWidth + column) * inChannels + c;
              const value = x[offset] as number;
              if (value > max) {
                max = value;
                position = offset;
              }
            }
          }
          if (position >= 0) {
            const dyOffset = ((n * outHeight + y) * outWidth + col) * inChannels + c;
            dx[position] = (dx[position] as number) + (dyValues[dyOffset] as number);
          }
        }
      }
    }
  }
  return out;
}

/** Kernel config registering {@link maxPoolGrad} for the `wasm` backend, in place of the stock one. */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};

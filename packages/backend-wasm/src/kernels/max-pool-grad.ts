import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `MaxPoolGrad` for wasm, replacing the stock one. Stock tfjs-backend-wasm
 * 4.22 starts each window's running max at `std::numeric_limits<float>::min()`
 * (the smallest *positive* float), so in a window whose values are all <= 0
 * nothing beats it and the gradient goes to flat offset 0 of the input (or is
 * lost). After ReLU every all-zero window hits that. This one routes each
 * output gradient to the first maximum of its window, like the cpu backend
 * and TensorFlow, in a JavaScript loop over views of the wasm heap
 * (reported as a fallback).
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
  // Views of the wasm heap, not copies: allocate the output first (malloc may grow the heap and
  // detach earlier views), then read and write in place.
  const out = backend.makeOutput([...input.shape], 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
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

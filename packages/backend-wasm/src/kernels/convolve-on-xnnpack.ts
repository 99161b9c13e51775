import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { explicitPaddingXnnpackGetsRight } from './guarded-stock-kernels.js';
import { runWasmKernel } from './run-wasm-kernel.js';

/** Zero padding around the two spatial axes of an NHWC tensor. */
export interface SpatialPadding {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * A stride-1 NHWC convolution of `x` with `filter` (HWIO), zero-padded by
 * `padding`, that always runs in XNNPACK (the stock wasm `Conv2D`), for the
 * gradient kernels that are convolutions themselves. The guarded `Conv2D`
 * sends explicitly padded convolutions outside the geometries XNNPACK got
 * right in the differential test to a JavaScript loop, and the gradients'
 * convolutions are mostly outside them (their "filter" is `dy`, as large as
 * the input, or their padding is `k - 1`): that cost cnn's step 10-30x. So
 * the padding is written into a padded copy of `x` (the wasm `PadV2`
 * kernel, one pass) and the convolution asked for `'valid'`, unless the
 * padding is one XNNPACK handles itself. The caller disposes the result.
 */
export function convolveOnXnnpack(backend: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, padding: SpatialPadding, dilations: [number, number]): tf.TensorInfo {
  const { top, bottom, left, right } = padding;
  if (Math.min(top, bottom, left, right) < 0) throw new Error(`nnlab wasm convolution: negative padding ${JSON.stringify(padding)}`);
  const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [top, bottom], [left, right], [0, 0]];
  const padded = top + bottom + left + right > 0;
  if (padded) {
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], [1, 1], dilations, explicit);
    if (explicitPaddingXnnpackGetsRight(info)) {
      return runWasmKernel(tf.Conv2D, backend, { x, filter }, { strides: [1, 1], dilations, pad: explicit, dataFormat: 'NHWC' });
    }
  }
  const input = padded ? runWasmKernel(tf.PadV2, backend, { x }, { paddings: explicit, constantValue: 0 }) : x;
  try {
    return runWasmKernel(tf.Conv2D, backend, { x: input, filter }, { strides: [1, 1], dilations, pad: 'valid', dataFormat: 'NHWC' });
  } finally {
    if (input !== x) backend.disposeData(input.dataId);
  }
}

import type * as tf from '@tensorflow/tfjs-core';

/**
 * The 17 integers native/conv.cc reads for one NHWC convolution, or
 * undefined when oneDNN's output-size formula would not reproduce tfjs'
 * (e.g. `dimRoundingMode: 'ceil'`), so the cpu kernel keeps those calls.
 */
export function convParams(info: tf.backend_util.Conv2DInfo): Int32Array | undefined {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left, bottom, right } = info.padInfo;
  const fits = (size: number, before: number, after: number, filter: number, stride: number, out: number): boolean =>
    before >= 0 && after >= 0 && Math.floor((size + before + after - filter) / stride) + 1 === out;
  if (!fits(inHeight, top, bottom, effectiveFilterHeight, strideHeight, outHeight)) return undefined;
  if (!fits(inWidth, left, right, effectiveFilterWidth, strideWidth, outWidth)) return undefined;
  if (info.inChannels !== info.filterShape[2]) return undefined; // grouped/depthwise shapes are not ours
  return Int32Array.from([
    batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels, outHeight, outWidth,
    strideHeight, strideWidth, top, left, bottom, right, dilationHeight, dilationWidth,
  ]);
}

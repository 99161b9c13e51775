import type * as tf from '@tensorflow/tfjs-core';

/**
 * Visits every pair of an output position and a filter tap of a depthwise
 * convolution whose input position lies inside the image (padding skipped),
 * with flat offsets: `dyBase` of `dy[n, y, x, 0]`, `xBase` of
 * `x[n, row, column, 0]` (the input the tap reads) and the tap's index
 * `i * filterWidth + j`. Both depthwise gradient kernels walk these pairs.
 */
export function forEachDepthwiseTap(info: tf.backend_util.Conv2DInfo, visit: (dyBase: number, xBase: number, tap: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
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
            visit(dyBase, ((n * inHeight + row) * inWidth + column) * inChannels, i * filterWidth + j);
          }
        }
      }
    }
  }
}

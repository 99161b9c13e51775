import * as tf from '@tensorflow/tfjs-core';

/** The two methods of the cpu backend that a kernel needs. */
interface CpuBackendLike {
  readSync(dataId: tf.DataId): tf.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.BackendValues): tf.TensorInfo;
}

function isCpuBackendLike(backend: unknown): backend is CpuBackendLike {
  const candidate = backend as Partial<CpuBackendLike> | null;
  return typeof candidate?.readSync === 'function' && typeof candidate.makeTensorInfo === 'function';
}

/**
 * Filter gradient of a channels-last 2-D convolution without dilation:
 * dW[kh, kw, ci, co] = sum over (n, oh, ow) of x[n, oh*sh + kh - top, ow*sw + kw - left, ci] * dy[n, oh, ow, co].
 *
 * The loop nest is the one tfjs-backend-cpu uses for the forward Conv2D
 * (flat typed-array offsets, innermost loop over contiguous output
 * channels), instead of the stock kernel's per-element `TensorBuffer.get`
 * with the batch loop innermost. Sums are accumulated in float64.
 */
export function conv2dBackpropFilterValues(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const sums = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyOffset = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xOffset = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wOffset = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xValue = x[xOffset + d1] as number;
              const row = wOffset + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) {
                sums[row + d2] = (sums[row + d2] as number) + xValue * (dy[dyOffset + d2] as number);
              }
            }
          }
        }
      }
    }
  }
  return Float32Array.from(sums);
}

/**
 * Wraps the stock cpu `Conv2DBackpropFilter` kernel: float32 NHWC inputs use
 * {@link conv2dBackpropFilterValues}; anything else (NCHW, other dtypes, a
 * backend without the cpu backend's methods) goes to `stock` unchanged.
 */
export function fastConv2DBackpropFilter(stock: tf.KernelFunc): tf.KernelFunc {
  return (params) => {
    const { inputs, backend, attrs } = params;
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const supported =
      x !== undefined && dy !== undefined && x.dtype === 'float32' && dy.dtype === 'float32' &&
      (dataFormat ?? 'NHWC') === 'NHWC' && isCpuBackendLike(backend);
    if (!supported) return stock(params);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
    );
    const values = conv2dBackpropFilterValues(
      backend.readSync(x.dataId) as Float32Array,
      backend.readSync(dy.dataId) as Float32Array,
      info,
    );
    return backend.makeTensorInfo(info.filterShape, 'float32', values);
  };
}

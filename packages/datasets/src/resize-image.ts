import { assertInteger } from '@nnlab/core';

/**
 * Resizes an HWC image to `[height, width]`. Each axis is resampled on its
 * own: enlarging interpolates linearly between pixel centres (bilinear, like
 * `align_corners=False`), shrinking averages the source pixels each output
 * pixel covers, weighted by overlap (area, like OpenCV's `INTER_AREA`), so
 * downscaled images do not alias.
 *
 * @example
 * const small = resizeImage(pixels, [56, 56, 1], [28, 28]); // 2x2 box average
 */
export function resizeImage(
  pixels: Float32Array,
  shape: readonly [height: number, width: number, channels: number],
  size: readonly [height: number, width: number],
): Float32Array {
  const [inH, inW, channels] = shape;
  const outH = assertInteger('size[0] (height)', size[0]);
  const outW = assertInteger('size[1] (width)', size[1]);
  if (inH === outH && inW === outW) return pixels;
  const rows = axisWeights(inH, outH);
  const cols = axisWeights(inW, outW);
  // Columns first, into [inH, outW, C], then rows.
  const mid = new Float32Array(inH * outW * channels);
  for (let y = 0; y < inH; y++) {
    for (let x = 0; x < outW; x++) {
      const { index, weight } = cols[x] as AxisWeights;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += (pixels[(y * inW + (index[k] as number)) * channels + c] as number) * (weight[k] as number);
        mid[(y * outW + x) * channels + c] = sum;
      }
    }
  }
  const out = new Float32Array(outH * outW * channels);
  for (let y = 0; y < outH; y++) {
    const { index, weight } = rows[y] as AxisWeights;
    for (let i = 0; i < outW * channels; i++) {
      let sum = 0;
      for (let k = 0; k < index.length; k++) sum += (mid[(index[k] as number) * outW * channels + i] as number) * (weight[k] as number);
      out[y * outW * channels + i] = sum;
    }
  }
  return out;
}

interface AxisWeights {
  readonly index: number[];
  readonly weight: number[];
}

/** For each output position: the input positions it reads and their weights (summing to 1). */
function axisWeights(inSize: number, outSize: number): AxisWeights[] {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, o) => {
    if (scale <= 1) {
      const centre = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
      const low = Math.floor(centre);
      const high = Math.min(low + 1, inSize - 1);
      const t = centre - low;
      return t === 0 || high === low ? { index: [low], weight: [1] } : { index: [low, high], weight: [1 - t, t] };
    }
    const start = o * scale;
    const end = start + scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let i = Math.floor(start); i < Math.min(Math.ceil(end), inSize); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 1e-12) {
        index.push(i);
        weight.push(overlap / scale);
      }
    }
    return { index, weight };
  });
}

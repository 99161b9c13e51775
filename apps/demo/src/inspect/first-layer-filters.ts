/** One first-layer filter as a small image. */
export interface FilterImage {
  readonly width: number;
  readonly height: number;
  /** Values scaled to [-1, 1] by the largest magnitude of the filter. */
  readonly values: Float32Array;
}

/**
 * Cuts a first layer's weights into per-unit images: a dense layer
 * `[784, units]` gives one 28x28 image per unit (its input weights); a
 * convolution `[kh, kw, in, out]` gives one kh x kw image per output channel
 * (input channels averaged). At most `limit` images.
 *
 * @example
 * firstLayerFilters([784, 300], weights, 64).length; // 64 images of 28x28
 */
export function firstLayerFilters(shape: readonly number[], values: Float32Array, limit = 64): FilterImage[] {
  const images: FilterImage[] = [];
  if (shape.length === 2) {
    const [inputs = 0, units = 0] = shape;
    const side = Math.round(Math.sqrt(inputs));
    if (side * side !== inputs) return [];
    for (let u = 0; u < Math.min(units, limit); u++) {
      const image = new Float32Array(inputs);
      for (let i = 0; i < inputs; i++) image[i] = values[i * units + u] as number;
      images.push({ width: side, height: side, values: scaled(image) });
    }
  } else if (shape.length === 4) {
    const [kh = 0, kw = 0, channels = 1, out = 0] = shape;
    for (let o = 0; o < Math.min(out, limit); o++) {
      const image = new Float32Array(kh * kw);
      for (let p = 0; p < kh * kw; p++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += values[(p * channels + c) * out + o] as number;
        image[p] = sum / channels;
      }
      images.push({ width: kw, height: kh, values: scaled(image) });
    }
  }
  return images;
}

function scaled(image: Float32Array): Float32Array {
  let largest = 0;
  for (const v of image) largest = Math.max(largest, Math.abs(v));
  return largest === 0 ? image : image.map((v) => v / largest);
}

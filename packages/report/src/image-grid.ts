import { InvalidArgumentError } from '@nnlab/core';
import { encode } from 'fast-png';

/** An RGBA image, 8 bits per channel, rows top to bottom. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Options of {@link tileImages}. */
export interface TileImagesOptions {
  /** Images per row (default: about the square root of the count). */
  readonly columns?: number;
  /** Pixels between images, horizontally and vertically (default 2). */
  readonly gap?: number;
  /** Extra pixels below each row, e.g. for captions drawn over the image (default 0). */
  readonly rowGap?: number;
  /** Each image scaled up by this integer factor, nearest neighbour (default 1). */
  readonly scale?: number;
  /**
   * How values become gray levels, per image: `minmax` maps its smallest
   * value to black and largest to white (any normalisation looks alike);
   * `symmetric` maps 0 to mid-gray and the largest magnitude to black or
   * white (weights). Default `minmax`.
   */
  readonly contrast?: 'minmax' | 'symmetric';
  /** An optional 1-pixel frame colour per image, `[r, g, b]`. */
  readonly frame?: (index: number) => readonly [number, number, number] | undefined;
}

/**
 * Tiles `count` images stored one after another in `values` (each
 * `[height, width, channels]`, channels 1 or 3, NHWC like an
 * `ImageDataset`) into one RGBA picture on a white background.
 *
 * @example
 * const grid = tileImages(test.images.subarray(0, 100 * 784), 100, [28, 28, 1], { columns: 10 });
 * await writeFile('digits.png', encodePng(grid));
 */
export function tileImages(values: ArrayLike<number>, count: number, shape: readonly [number, number, number], options: TileImagesOptions = {}): RgbaImage {
  const [height, width, channels] = shape;
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError(`tileImages: images need 1 or 3 channels, got shape ${shape.join('x')}`);
  const size = height * width * channels;
  if (!Number.isInteger(count) || count < 1 || values.length < count * size) {
    throw new InvalidArgumentError(`tileImages: ${values.length} values do not hold ${count} images of ${shape.join('x')}`);
  }
  const columns = options.columns ?? Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const gap = options.gap ?? 2;
  const rowGap = options.rowGap ?? 0;
  const scale = options.scale ?? 1;
  const cellWidth = width * scale + gap;
  const cellHeight = height * scale + gap + rowGap;
  const out = { width: columns * cellWidth + gap, height: rows * cellHeight + gap, data: new Uint8Array((columns * cellWidth + gap) * (rows * cellHeight + gap) * 4).fill(255) };
  for (let i = 0; i < count; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = i * size; k < (i + 1) * size; k++) {
      const v = values[k] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const level = options.contrast === 'symmetric'
      ? (v: number) => 127.5 + (127.5 * v) / Math.max(Math.abs(lo), Math.abs(hi), 1e-12)
      : (v: number) => (255 * (v - lo)) / Math.max(hi - lo, 1e-12);
    const left = gap + (i % columns) * cellWidth;
    const top = gap + Math.floor(i / columns) * cellHeight;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const source = i * size + (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
        const target = ((top + y) * out.width + left + x) * 4;
        for (let c = 0; c < 3; c++) out.data[target + c] = Math.round(level(values[source + (channels === 3 ? c : 0)] as number));
      }
    }
    const frame = options.frame?.(i);
    if (frame !== undefined) drawFrame(out, left - 1, top - 1, width * scale + 2, height * scale + 2, frame);
  }
  return out;
}

function drawFrame(image: RgbaImage, left: number, top: number, width: number, height: number, color: readonly [number, number, number]): void {
  const put = (x: number, y: number): void => {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
    image.data.set([...color, 255], (y * image.width + x) * 4);
  };
  for (let x = left; x < left + width; x++) {
    put(x, top);
    put(x, top + height - 1);
  }
  for (let y = top; y < top + height; y++) {
    put(left, y);
    put(left + width - 1, y);
  }
}

/**
 * Encodes an RGBA image as PNG bytes (8 bits per channel), with
 * `fast-png`: pure JavaScript, so it runs in browsers as well as Node.
 *
 * @example
 * await writeFile('grid.png', encodePng(tileImages(values, 16, [28, 28, 1])));
 */
export function encodePng(image: RgbaImage): Uint8Array {
  return encode({ width: image.width, height: image.height, data: image.data, channels: 4, depth: 8 });
}

/**
 * Base64 of `bytes` (for `data:` URLs), with the `btoa` both browsers and
 * Node have, so no `Buffer` is needed.
 *
 * @example
 * const href = `data:image/png;base64,${base64(encodePng(grid))}`;
 */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and arguments are limited in number.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

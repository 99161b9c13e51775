import { DataFormatError, InvalidArgumentError, assertInteger } from '@nnlab/core';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { looksLikeImage, sniffImage } from './sniff-image.js';

/** A decoded image: `height x width x channels` values in [0, 1], row-major (HWC). */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Float32Array;
}

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /** 1: grayscale (ITU-R 601 luma, as PIL's `convert('L')`); 3: RGB. Default 1. */
  readonly channels?: 1 | 3;
  /** Refuse images wider or taller than this before decoding them. Default 4096. */
  readonly maxDimension?: number;
  /** File name for error messages. */
  readonly source?: string;
}

/**
 * Decodes a PNG (any bit depth, palette, gray or colour, interlaced; via
 * `pngjs`) or baseline/progressive JPEG (via `jpeg-js`) into float pixels in
 * [0, 1]. The format is sniffed from the magic bytes, so a JPEG named `.png`
 * still loads. Alpha is dropped (as PIL's `convert` does). Anything else,
 * damaged files and images larger than `maxDimension` are
 * {@link DataFormatError}s naming the file.
 *
 * @example
 * const { width, height, pixels } = decodeImage(await readFile('digit.png'), { channels: 1 });
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): DecodedImage {
  const { channels = 1, maxDimension = 4096, source } = options;
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError(`channels must be 1 or 3, got ${String(channels)}`);
  assertInteger('maxDimension', maxDimension);
  if (bytes.length === 0) throw new DataFormatError('empty file (0 bytes)', source);
  const header = sniffImage(bytes);
  if (header === undefined) {
    const what = looksLikeImage(bytes) ? 'damaged PNG or JPEG header' : 'not a PNG or JPEG image (unrecognised magic bytes)';
    throw new DataFormatError(what, source);
  }
  const { width, height } = header;
  if (width === 0 || height === 0) throw new DataFormatError(`image header says ${width}x${height}`, source);
  if (width > maxDimension || height > maxDimension) {
    throw new DataFormatError(`image is ${width}x${height}, over the ${maxDimension}x${maxDimension} limit (maxDimension); refused before decoding`, source);
  }
  let rgba: ArrayLike<number>;
  let scale = 1 / 255;
  try {
    if (header.format === 'png') {
      const sixteen = header.bitDepth === 16;
      // Without skipRescale pngjs rounds 16-bit samples to 8 bits; with it, every
      // other depth would come back unscaled, so ask only for 16-bit files.
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: sixteen });
      rgba = png.data as ArrayLike<number>;
      if (sixteen) scale = 1 / 65535;
    } else {
      const megapixels = (maxDimension * maxDimension) / 1e6;
      rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxResolutionInMP: megapixels }).data;
    }
  } catch (error) {
    throw new DataFormatError(`cannot decode ${header.format.toUpperCase()}: ${(error as Error).message}`, source, { cause: error });
  }
  if (rgba.length !== width * height * 4) {
    throw new DataFormatError(`decoded ${rgba.length} values, expected ${width * height * 4} for ${width}x${height} RGBA`, source);
  }
  return { width, height, channels, pixels: fromRgba(rgba, width * height, channels, scale) };
}

function fromRgba(rgba: ArrayLike<number>, count: number, channels: 1 | 3, scale: number): Float32Array {
  const out = new Float32Array(count * channels);
  for (let i = 0; i < count; i++) {
    const r = rgba[4 * i] as number;
    const g = rgba[4 * i + 1] as number;
    const b = rgba[4 * i + 2] as number;
    if (channels === 1) {
      out[i] = (0.299 * r + 0.587 * g + 0.114 * b) * scale;
    } else {
      out[3 * i] = r * scale;
      out[3 * i + 1] = g * scale;
      out[3 * i + 2] = b * scale;
    }
  }
  return out;
}

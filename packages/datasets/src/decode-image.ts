import { DataFormatError, InvalidArgumentError, assertInteger } from '@nnlab/core';
import jpeg from 'jpeg-js';
import { inflateSync } from 'node:zlib';
import pngjs from 'pngjs';
import { looksLikeImage, sniffImage } from './sniff-image.js';

/** A decoded image: `height x width x channels` values in [0, 1], row-major (HWC). */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Float32Array;
  /** True when the file had colour (some pixel with red, green and blue not all equal): with `channels: 1` it was converted to grey. */
  readonly colour: boolean;
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
  // pngjs fills what the image data does not cover with uninitialised memory: such files are refused, not decoded.
  if (header.format === 'png') checkPngImageData(bytes, header.bitDepth ?? 8, source);
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
  return { width, height, channels, pixels: fromRgba(rgba, width * height, channels, scale), colour: hasColour(rgba, width * height) };
}

function hasColour(rgba: ArrayLike<number>, count: number): boolean {
  for (let i = 0; i < count; i++) {
    const r = rgba[4 * i];
    if (r !== rgba[4 * i + 1] || r !== rgba[4 * i + 2]) return true;
  }
  return false;
}

const PNG_SAMPLES: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: [x start, y start, x step, y step]. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

/**
 * Walks a PNG's chunks and inflates its image data (IDAT) to check there is
 * as much as the header's size needs (a filter byte and the samples of every
 * row, of every Adam7 pass when interlaced): a file with no IDAT, a chunk
 * running past the end, or data that inflates short is a DataFormatError,
 * the same on every run.
 */
function checkPngImageData(bytes: Uint8Array, bitDepth: number, source: string | undefined): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let colourType = -1;
  let interlace = 0;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw new DataFormatError(`cannot decode PNG: chunk ${JSON.stringify(type)} at byte ${at} runs past the end of the file (truncated)`, source);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR' && length >= 13) {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      colourType = data[9] as number;
      interlace = data[12] as number;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (idat.length === 0) throw new DataFormatError('cannot decode PNG: it has no image data (no IDAT chunk)', source);
  const samples = PNG_SAMPLES[colourType];
  if (samples === undefined) return; // pngjs names a bad colour type itself
  const rowBytes = (pixels: number): number => Math.ceil((pixels * samples * bitDepth) / 8);
  const passes = interlace === 1 ? ADAM7 : [[0, 0, 1, 1] as const];
  let needed = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns > 0 && rows > 0) needed += rows * (1 + rowBytes(columns));
  }
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(Buffer.concat(idat), { maxOutputLength: needed + 1 });
  } catch (error) {
    // More data than needed is allowed (pngjs ignores it); a stream that ends early or is damaged is not.
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return;
    throw new DataFormatError(`cannot decode PNG: its image data does not inflate (${(error as Error).message})`, source, { cause: error });
  }
  if (inflated.length < needed) {
    throw new DataFormatError(`cannot decode PNG: its image data inflates to ${inflated.length} bytes, but a ${width}x${height} image needs ${needed} (truncated image data)`, source);
  }
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

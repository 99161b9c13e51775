import { DataFormatError } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';

const PIXELS = 28 * 28;

/** Gunzips with the runtime's own `DecompressionStream` (browsers, Node 18+), so this file needs no Node built-in. */
async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  // A server that sent the file with `Content-Encoding: gzip` has already inflated it.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Decodes `assets/mnist-10k.bin`, the embedded digits file this package
 * ships: gzip (optional) of a little-endian uint32 count, the labels (one byte
 * each), then the pixels (one byte each, 0-255). Pixels become floats in
 * [0, 1] on the k/255 grey levels of real MNIST.
 *
 * @param source the URL or path, for messages
 * @throws DataFormatError naming `source` when the bytes are not that layout.
 * @example
 * const digits = await decodeMnist10k(new Uint8Array(await (await fetch(url)).arrayBuffer()), url);
 */
export async function decodeMnist10k(raw: Uint8Array, source: string): Promise<ImageDataset> {
  let bytes: Uint8Array;
  try {
    bytes = await gunzipIfNeeded(raw);
  } catch (error) {
    throw new DataFormatError(`not a valid gzip stream of the embedded MNIST digits (${(error as Error).message})`, source, { cause: error });
  }
  if (bytes.length < 4) throw new DataFormatError(`${bytes.length} bytes is too short for the embedded MNIST digits`, source);
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (bytes.length !== 4 + count * (1 + PIXELS)) {
    throw new DataFormatError(`expected ${4 + count * (1 + PIXELS)} bytes for ${count} digits, got ${bytes.length}`, source);
  }
  const labels = Int32Array.from(bytes.subarray(4, 4 + count));
  if (labels.some((label) => label > 9)) throw new DataFormatError('labels must be digits 0-9', source);
  const pixels = bytes.subarray(4 + count);
  const images = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) images[i] = (pixels[i] as number) / 255;
  return { images, labels, count, shape: [28, 28, 1], numClasses: 10 };
}

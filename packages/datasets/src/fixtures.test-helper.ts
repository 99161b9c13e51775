import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeIdx } from './encode-idx.js';
import { type ImageDataset, createImageDataset } from './image-dataset.js';
import { MNIST_FAMILY_FILES } from './load-mnist-family.js';

/** Deterministic uint8 images and labels for a fake MNIST-format split. */
export function fakeSplit(count: number, height = 4, width = 3, numClasses = 10, offset = 0): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * height * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + offset * 11) % 256;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = (i + offset) % numClasses;
  return { pixels, labels };
}

/** The four IDX files of a fake MNIST-format dataset, keyed by `.gz` (or raw) file name. */
export function fakeMnistFiles(
  options: { train?: number; test?: number; height?: number; width?: number; gzip?: boolean } = {},
): Map<string, Uint8Array> {
  const { train = 12, test = 5, height = 4, width = 3, gzip = true } = options;
  const files = new Map<string, Uint8Array>();
  const suffix = gzip ? '.gz' : '';
  const add = (imagesName: string, labelsName: string, count: number, offset: number): void => {
    const { pixels, labels } = fakeSplit(count, height, width, 10, offset);
    files.set(imagesName + suffix, encodeIdx({ dtype: 'uint8', shape: [count, height, width], data: pixels }, { gzip }));
    files.set(labelsName + suffix, encodeIdx({ dtype: 'uint8', shape: [count], data: labels }, { gzip }));
  };
  add(MNIST_FAMILY_FILES.trainImages, MNIST_FAMILY_FILES.trainLabels, train, 0);
  add(MNIST_FAMILY_FILES.testImages, MNIST_FAMILY_FILES.testLabels, test, 1);
  return files;
}

/** Writes {@link fakeMnistFiles} into `dir` (created if needed). */
export async function writeFakeMnistFolder(dir: string, options: Parameters<typeof fakeMnistFiles>[0] = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of fakeMnistFiles(options)) await writeFile(join(dir, name), bytes);
}

/** n examples of shape 1x2x1 whose pixels are [i, -i] and label i % 3. */
export function tiny(n: number, classNames?: string[]): ImageDataset {
  return createImageDataset({
    images: Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : -(k - 1) / 2)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    shape: [1, 2, 1],
    numClasses: 3,
    ...(classNames === undefined ? {} : { classNames }),
  });
}

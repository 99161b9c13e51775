import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';
import { imageDatasetFromIdx } from './image-dataset-from-idx.js';
import { readIdxFile } from './read-idx.js';

/** The four standard MNIST-family file names (each may also end in `.gz`). */
export const MNIST_FAMILY_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** A train/test pair. */
export interface TrainTest {
  readonly train: ImageDataset;
  readonly test: ImageDataset;
}

/** Options of {@link loadMnistFamily}. */
export interface LoadMnistFamilyOptions {
  /** Dataset name for messages (default: the folder). */
  readonly name?: string;
  /** Number of classes (default 10). */
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
}

/**
 * Loads an MNIST-format folder (MNIST, Fashion-MNIST, KMNIST, notMNIST-IDX,
 * ...): the four standard files, raw or `.gz`. Checks that image and label
 * counts match and that labels are class indices; pixels are scaled to [0, 1].
 * A missing file is a {@link NotFoundError} listing the names looked for.
 *
 * @example
 * const { train, test } = await loadMnistFamily('/usr/share/datasets/fashion-mnist');
 * train.count; // 60000
 */
export async function loadMnistFamily(dir: string, options: LoadMnistFamilyOptions = {}): Promise<TrainTest> {
  const name = options.name ?? dir;
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    findMnistFamilyFile(dir, MNIST_FAMILY_FILES.trainImages, name),
    findMnistFamilyFile(dir, MNIST_FAMILY_FILES.trainLabels, name),
    findMnistFamilyFile(dir, MNIST_FAMILY_FILES.testImages, name),
    findMnistFamilyFile(dir, MNIST_FAMILY_FILES.testLabels, name),
  ]);
  const common = {
    ...(options.numClasses === undefined ? {} : { numClasses: options.numClasses }),
    ...(options.classNames === undefined ? {} : { classNames: options.classNames }),
  };
  // One split at a time keeps the peak memory to one decompressed file set.
  const train = imageDatasetFromIdx(await readIdxFile(trainImages), await readIdxFile(trainLabels), {
    ...common,
    imagesSource: trainImages,
    labelsSource: trainLabels,
  });
  const test = imageDatasetFromIdx(await readIdxFile(testImages), await readIdxFile(testLabels), {
    ...common,
    imagesSource: testImages,
    labelsSource: testLabels,
  });
  if (train.shape.join('x') !== test.shape.join('x')) {
    throw new DataFormatError(
      `train images are ${train.shape.join('x')} but test images are ${test.shape.join('x')}; both splits of an MNIST-format folder must have the same image shape`,
      testImages,
    );
  }
  return { train, test };
}

/**
 * Path of `base` or `base.gz` inside `dir` (raw preferred), or throws a
 * {@link NotFoundError} naming both candidates.
 */
export async function findMnistFamilyFile(dir: string, base: string, name = dir): Promise<string> {
  for (const candidate of [base, `${base}.gz`]) {
    const path = join(dir, candidate);
    if (await exists(path)) return path;
  }
  throw new NotFoundError(
    `${name}: neither ${base} nor ${base}.gz found in ${dir} (an MNIST-format folder needs ${Object.values(MNIST_FAMILY_FILES).join(', ')}, each raw or .gz)`,
  );
}

/** True when every standard file exists in `dir` (raw or `.gz`). */
export async function hasMnistFamilyFiles(dir: string): Promise<boolean> {
  for (const base of Object.values(MNIST_FAMILY_FILES)) {
    if (!(await exists(join(dir, base))) && !(await exists(join(dir, `${base}.gz`)))) return false;
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

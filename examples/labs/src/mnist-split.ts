import { Rng } from '@nnlab/core';
import { createImageDataset, type ImageDataset, resizeImage, trainTestSplit } from '@nnlab/datasets';
import { loadMnist10k, type TrainTest } from '@nnlab/datasets/node';

/**
 * The embedded 10,000 MNIST digits split 8,000 train / 2,000 test with the
 * lab's seed, exactly as `nnlab train --dataset mnist-10k --seed S` splits
 * them; `size: 20` shrinks every digit to 20x20 (area averaging), the size
 * of the Coursera ex4 digits. Pixels are in [0, 1].
 *
 * @example
 * const { train, test } = await mnistSplit(0, { size: 20 });
 * train.shape; // [20, 20, 1]
 */
export async function mnistSplit(seed: number, options: { readonly size?: 20 | 28 } = {}): Promise<TrainTest> {
  const split = trainTestSplit(await loadMnist10k(), { testCount: 2000, rng: new Rng(seed) });
  if ((options.size ?? 28) === 28) return split;
  return { train: shrink(split.train, 20), test: shrink(split.test, 20) };
}

function shrink(dataset: ImageDataset, size: number): ImageDataset {
  const pixels = 28 * 28;
  const images = new Float32Array(dataset.count * size * size);
  for (let i = 0; i < dataset.count; i++) {
    const digit = dataset.images.subarray(i * pixels, (i + 1) * pixels);
    images.set(resizeImage(digit, [28, 28, 1], [size, size]), i * size * size);
  }
  return createImageDataset({ images, labels: dataset.labels, shape: [size, size, 1], numClasses: dataset.numClasses });
}

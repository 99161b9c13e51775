import { InvalidArgumentError } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';
import { withArrays } from './subset.js';

/**
 * Joins datasets end to end (e.g. MNIST train + test into the full 70,000).
 * All must share `shape` and `numClasses`; class names come from the first.
 *
 * @example
 * const all = concatDatasets([mnist.train, mnist.test]);
 */
export function concatDatasets(datasets: readonly ImageDataset[]): ImageDataset {
  const first = datasets[0];
  if (first === undefined) {
    throw new InvalidArgumentError('concatDatasets needs at least one dataset, got an empty list');
  }
  let pixels = 0;
  let count = 0;
  datasets.forEach((dataset, i) => {
    if (dataset.shape.join('x') !== first.shape.join('x')) {
      throw new InvalidArgumentError(
        `datasets[${i}] has example shape ${dataset.shape.join('x')}, expected ${first.shape.join('x')} like datasets[0]`,
      );
    }
    if (dataset.numClasses !== first.numClasses) {
      throw new InvalidArgumentError(
        `datasets[${i}] has numClasses ${dataset.numClasses}, expected ${first.numClasses} like datasets[0]`,
      );
    }
    pixels += dataset.images.length;
    count += dataset.count;
  });
  const images = new Float32Array(pixels);
  const labels = new Int32Array(count);
  let pixelOffset = 0;
  let labelOffset = 0;
  for (const dataset of datasets) {
    images.set(dataset.images, pixelOffset);
    labels.set(dataset.labels, labelOffset);
    pixelOffset += dataset.images.length;
    labelOffset += dataset.count;
  }
  return withArrays(first, images, labels);
}

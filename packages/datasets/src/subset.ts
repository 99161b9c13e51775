import { InvalidArgumentError } from '@nnlab/core';
import { type ImageDataset, exampleSize } from './image-dataset.js';

/**
 * A new dataset holding the examples at `indices`, in that order (copies;
 * repeats allowed, so this also serves bootstrap resampling).
 *
 * @example
 * const firstHundred = subset(train, Array.from({ length: 100 }, (_, i) => i));
 */
export function subset(dataset: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  const size = exampleSize(dataset);
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
      throw new InvalidArgumentError(
        `indices[${i}] is ${index}, expected an integer in [0, ${dataset.count}) (the dataset's count)`,
      );
    }
    images.set(dataset.images.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = dataset.labels[index] as number;
  }
  return withArrays(dataset, images, labels);
}

/** Same metadata as `template`, new arrays. */
export function withArrays(template: ImageDataset, images: Float32Array, labels: Int32Array): ImageDataset {
  return {
    images,
    labels,
    count: labels.length,
    shape: template.shape,
    numClasses: template.numClasses,
    ...(template.classNames === undefined ? {} : { classNames: template.classNames }),
  };
}

import { DataFormatError, assertInteger } from '@nnlab/core';
import type { IdxArray } from './idx-array.js';
import { type ImageDataset, firstLabelOutOfRange } from './image-dataset.js';

/** Options of {@link imageDatasetFromIdx}. */
export interface ImageDatasetFromIdxOptions {
  /** Number of classes; every label must lie in `[0, numClasses)`. Default 10. */
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  /** Names used in error messages (file paths, usually). */
  readonly imagesSource?: string;
  readonly labelsSource?: string;
}

/**
 * Pairs an IDX image array (`uint8`, `[N, H, W]` or `[N, H, W, C]`) with an
 * IDX label array (`uint8`, `[N]`) into an {@link ImageDataset}, scaling
 * pixels to [0, 1] by dividing by 255. Counts must agree and labels must be
 * class indices.
 *
 * @example
 * const ds = imageDatasetFromIdx(await readIdxFile(imagesPath), await readIdxFile(labelsPath));
 */
export function imageDatasetFromIdx(
  images: IdxArray,
  labels: IdxArray,
  options: ImageDatasetFromIdxOptions = {},
): ImageDataset {
  const { numClasses = 10, classNames, imagesSource = 'images', labelsSource = 'labels' } = options;
  assertInteger('numClasses', numClasses);
  if (images.dtype !== 'uint8' || (images.shape.length !== 3 && images.shape.length !== 4)) {
    throw new DataFormatError(
      `expected uint8 images of shape [N, H, W] or [N, H, W, C], got ${images.dtype} ${images.shape.join('x')}`,
      imagesSource,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new DataFormatError(`expected uint8 labels of shape [N], got ${labels.dtype} ${labels.shape.join('x')}`, labelsSource);
  }
  const [count, height, width, channels = 1] = images.shape as [number, number, number, number?];
  if (labels.shape[0] !== count) {
    throw new DataFormatError(
      `has ${labels.shape[0]} labels but ${imagesSource} has ${count} images; they must match`,
      labelsSource,
    );
  }
  const labelArray = Int32Array.from(labels.data);
  const bad = firstLabelOutOfRange(labelArray, numClasses);
  if (bad >= 0) {
    throw new DataFormatError(`label ${bad} is ${labelArray[bad]}, expected a class index in [0, ${numClasses})`, labelsSource);
  }
  if (classNames !== undefined && classNames.length !== numClasses) {
    throw new DataFormatError(`${classNames.length} class names given for ${numClasses} classes`, labelsSource);
  }
  const pixels = images.data;
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = (pixels[i] as number) / 255;
  return {
    images: scaled,
    labels: labelArray,
    count,
    shape: [height, width, channels],
    numClasses,
    ...(classNames === undefined ? {} : { classNames: [...classNames] }),
  };
}

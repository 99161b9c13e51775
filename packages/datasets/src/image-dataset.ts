import { InvalidArgumentError, assertInteger } from '@nnlab/core';

/**
 * A labelled image dataset held in plain typed arrays, like PyTorch's
 * `TensorDataset` but without tensors: nothing here owns GPU or backend
 * memory, so datasets can be sliced, shuffled and normalised freely and only
 * the {@link DataLoader} turns batches into tensors.
 *
 * Example `i` occupies `images[i * H * W * C, (i + 1) * H * W * C)` in NHWC
 * order (row-major, channels last). Loaders produce pixels in [0, 1].
 */
export interface ImageDataset {
  /** All pixels, example after example, NHWC. Length `count * H * W * C`. */
  readonly images: Float32Array;
  /** One class index per example, each in `[0, numClasses)`. */
  readonly labels: Int32Array;
  /** Number of examples. */
  readonly count: number;
  /** Shape of one example: `[height, width, channels]`. */
  readonly shape: readonly [height: number, width: number, channels: number];
  /** Number of classes (labels lie in `[0, numClasses)`). */
  readonly numClasses: number;
  /** Human-readable class names, `classNames[label]`, when known. */
  readonly classNames?: readonly string[];
}

/** The fields of an {@link ImageDataset}; `count` is derived from `labels`. */
export interface ImageDatasetFields {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly shape: readonly [number, number, number];
  readonly numClasses: number;
  readonly classNames?: readonly string[];
}

/** Number of values in one example, `H * W * C`. */
export function exampleSize(dataset: Pick<ImageDataset, 'shape'>): number {
  const [height, width, channels] = dataset.shape;
  return height * width * channels;
}

/**
 * Builds an {@link ImageDataset} after checking that the arrays agree with the
 * shape and that every label is a valid class index. The arrays are used as
 * given, not copied.
 *
 * @example
 * const ds = createImageDataset({
 *   images: new Float32Array(2 * 4), labels: Int32Array.from([0, 1]),
 *   shape: [2, 2, 1], numClasses: 2,
 * });
 * ds.count; // 2
 */
export function createImageDataset(fields: ImageDatasetFields): ImageDataset {
  const { images, labels, shape, numClasses, classNames } = fields;
  if (!(images instanceof Float32Array)) {
    throw new InvalidArgumentError(`images must be a Float32Array, got ${describe(images)}`);
  }
  if (!(labels instanceof Int32Array)) {
    throw new InvalidArgumentError(`labels must be an Int32Array, got ${describe(labels)}`);
  }
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new InvalidArgumentError(`shape must be [height, width, channels], got ${JSON.stringify(shape)}`);
  }
  assertInteger('shape[0] (height)', shape[0]);
  assertInteger('shape[1] (width)', shape[1]);
  assertInteger('shape[2] (channels)', shape[2]);
  assertInteger('numClasses', numClasses);
  const size = shape[0] * shape[1] * shape[2];
  if (images.length !== labels.length * size) {
    throw new InvalidArgumentError(
      `images has ${images.length} values but ${labels.length} labels of shape ${shape.join('x')} need ${labels.length * size}`,
    );
  }
  if (classNames !== undefined && classNames.length !== numClasses) {
    throw new InvalidArgumentError(`classNames has ${classNames.length} names but numClasses is ${numClasses}`);
  }
  const bad = firstLabelOutOfRange(labels, numClasses);
  if (bad >= 0) {
    throw new InvalidArgumentError(`labels[${bad}] is ${labels[bad]}, expected a class index in [0, ${numClasses})`);
  }
  const dataset: ImageDataset = {
    images,
    labels,
    count: labels.length,
    shape: [shape[0], shape[1], shape[2]],
    numClasses,
    ...(classNames === undefined ? {} : { classNames: [...classNames] }),
  };
  return dataset;
}

/** Index of the first label outside `[0, numClasses)`, or -1 when all are valid. */
export function firstLabelOutOfRange(labels: Int32Array, numClasses: number): number {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (label < 0 || label >= numClasses) return i;
  }
  return -1;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return (value as object).constructor?.name ?? typeof value;
}

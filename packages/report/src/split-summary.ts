import type { IdxArray, ImageDataset } from '@nnlab/datasets';

/** Summary statistics of one array of values. */
export interface ValueStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
}

/** What a dataset split (or one IDX file) holds: examples, image shape, classes and value statistics. */
export interface SplitSummary {
  readonly examples: number;
  /** `[height, width, channels]` of one image. */
  readonly shape: readonly number[];
  readonly channels: number;
  readonly dtype: string;
  readonly numClasses: number;
  /** Examples per class index (`classCounts[k]`). */
  readonly classCounts: readonly number[];
  /** Null when the split has no values (0 examples): never NaN statistics. */
  readonly pixels: ValueStats | null;
}

/** A {@link SplitSummary} of one IDX file, which holds either images or labels. */
export interface IdxSummary extends SplitSummary {
  readonly kind: 'images' | 'labels';
}

/**
 * Mean, std (population), min and max in one pass; NaN for no values.
 *
 * @example
 * valueStats([0, 1]); // { min: 0, max: 1, mean: 0.5, std: 0.5 }
 */
export function valueStats(values: ArrayLike<number>): ValueStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  const n = values.length;
  if (n === 0) return { min: Number.NaN, max: Number.NaN, mean: Number.NaN, std: Number.NaN };
  const mean = sum / n;
  return { min, max, mean, std: Math.sqrt(Math.max(sumSquares / n - mean * mean, 0)) };
}

/**
 * Examples, image shape, examples per class and value statistics of one
 * split of an image dataset.
 *
 * @example
 * summarizeSplit(loadMnist10k().test).classCounts; // examples per digit
 */
export function summarizeSplit(dataset: ImageDataset): SplitSummary {
  const classCounts = new Array<number>(dataset.numClasses).fill(0);
  for (const label of dataset.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  return {
    examples: dataset.count,
    shape: [...dataset.shape],
    channels: dataset.shape[2],
    dtype: 'float32',
    numClasses: dataset.numClasses,
    classCounts,
    pixels: dataset.images.length === 0 ? null : valueStats(dataset.images),
  };
}

/**
 * The summary of a single IDX file: images (rank >= 2) or labels (rank 1,
 * counted per class).
 *
 * @example
 * summarizeIdx(await readIdxFile('t10k-labels-idx1-ubyte')).kind; // 'labels'
 */
export function summarizeIdx(array: IdxArray): IdxSummary {
  const labels = array.shape.length === 1;
  const classCounts: number[] = [];
  if (labels) {
    for (const value of array.data) {
      const k = Number(value);
      if (Number.isInteger(k) && k >= 0 && k < 1_000_000) classCounts[k] = (classCounts[k] ?? 0) + 1;
    }
  }
  const shape = array.shape.slice(1);
  return {
    kind: labels ? 'labels' : 'images',
    examples: array.shape[0] ?? 0,
    shape,
    channels: shape.length >= 3 ? (shape[2] as number) : shape.length === 2 ? 1 : 0,
    dtype: array.dtype,
    numClasses: classCounts.length,
    classCounts: Array.from(classCounts, (c) => c ?? 0),
    pixels: array.data.length === 0 ? null : valueStats(array.data),
  };
}

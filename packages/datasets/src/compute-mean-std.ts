import { InvalidArgumentError } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';

/** Per-channel statistics, one entry per channel. */
export interface MeanStd {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * Mean and (population) standard deviation of every pixel, per channel.
 * Compute them on the training split only and reuse them for the test split,
 * so no test information leaks into preprocessing. Two passes (mean, then
 * squared deviations) in float64 keep it accurate over 47 million pixels.
 *
 * @example
 * const stats = computeMeanStd(train); // MNIST: mean [0.1307], std [0.3081]
 * const trainN = normalize(train, stats);
 * const testN = normalize(test, stats);
 */
export function computeMeanStd(dataset: ImageDataset): MeanStd {
  const channels = dataset.shape[2];
  const perChannel = dataset.images.length / channels;
  if (perChannel === 0) throw new InvalidArgumentError('computeMeanStd needs a non-empty dataset, got 0 examples');
  const { images } = dataset;
  const sums = new Float64Array(channels);
  for (let i = 0; i < images.length; i++) sums[i % channels]! += images[i] as number;
  const mean = Array.from(sums, (sum) => sum / perChannel);
  const squares = new Float64Array(channels);
  for (let i = 0; i < images.length; i++) {
    const c = i % channels;
    const d = (images[i] as number) - (mean[c] as number);
    squares[c]! += d * d;
  }
  const std = Array.from(squares, (sum) => Math.sqrt(sum / perChannel));
  return { mean, std };
}

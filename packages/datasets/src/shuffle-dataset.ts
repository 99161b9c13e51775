import { InvalidArgumentError, Rng } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';
import { subset } from './subset.js';

/**
 * A shuffled copy of the dataset, images and labels permuted together by a
 * permutation drawn from `rng` (same seed, same order).
 *
 * @example
 * const mixed = shuffleDataset(await loadMnist10k(), new Rng(0));
 */
export function shuffleDataset(dataset: ImageDataset, rng: Rng): ImageDataset {
  if (!(rng instanceof Rng)) throw new InvalidArgumentError('shuffleDataset needs an Rng from @nnlab/core as its second argument');
  return subset(dataset, rng.permutation(dataset.count));
}

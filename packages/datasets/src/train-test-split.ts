import { InvalidArgumentError, Rng, assertInteger, assertNumber } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';
import type { TrainTest } from './load-mnist-family.js';
import { subset } from './subset.js';

/** Options of {@link trainTestSplit}: exactly one of `testFraction` / `testCount`, and an `rng`. */
export interface TrainTestSplitOptions {
  /** Share of examples for the test split, in (0, 1); rounded to the nearest count. */
  readonly testFraction?: number;
  /** Number of test examples, in [1, count - 1]. */
  readonly testCount?: number;
  /** Draws the permutation; the same seed gives the same split. */
  readonly rng: Rng;
}

/**
 * Randomly splits a dataset into disjoint train and test parts (copies).
 * One permutation is drawn from `rng`; its first `testCount` indices become
 * the test set, the rest the training set, both in permuted order.
 *
 * @example
 * const { train, test } = trainTestSplit(await loadMnist10k(), { testCount: 2000, rng: new Rng(0) });
 * [train.count, test.count]; // [8000, 2000]
 */
export function trainTestSplit(dataset: ImageDataset, options: TrainTestSplitOptions): TrainTest {
  const { testFraction, testCount, rng } = options;
  if (!(rng instanceof Rng)) throw new InvalidArgumentError('trainTestSplit needs options.rng, an Rng from @nnlab/core');
  if ((testFraction === undefined) === (testCount === undefined)) {
    throw new InvalidArgumentError(
      `give exactly one of testFraction and testCount, got testFraction=${testFraction} testCount=${testCount}`,
    );
  }
  if (dataset.count < 2) throw new InvalidArgumentError(`cannot split a dataset of ${dataset.count} examples`);
  let nTest: number;
  if (testFraction !== undefined) {
    assertNumber('testFraction', testFraction, { min: 0, max: 1, exclusiveMin: true });
    nTest = Math.min(dataset.count - 1, Math.max(1, Math.round(testFraction * dataset.count)));
  } else {
    nTest = assertInteger('testCount', testCount, 1, dataset.count - 1);
  }
  const order = rng.permutation(dataset.count);
  // Both parts keep the permutation's order, so a class-sorted source (like
  // mnist-10k) comes out mixed even if the caller never shuffles again.
  return { train: subset(dataset, order.subarray(nTest)), test: subset(dataset, order.subarray(0, nTest)) };
}

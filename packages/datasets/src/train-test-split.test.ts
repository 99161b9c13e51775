import { Rng } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { tiny } from './fixtures.test-helper.js';
import { shuffleDataset } from './shuffle-dataset.js';
import { trainTestSplit } from './train-test-split.js';

/** The first pixel of each example is its original index in tiny(). */
const ids = (ds: { images: Float32Array; count: number }): number[] => Array.from({ length: ds.count }, (_, i) => ds.images[2 * i] as number);

describe('trainTestSplit and shuffleDataset', () => {
  it('splits into disjoint parts of the requested sizes', () => {
    const data = tiny(50);
    const { train, test } = trainTestSplit(data, { testCount: 10, rng: new Rng(0) });
    expect([train.count, test.count]).toEqual([40, 10]);
    expect([...ids(train), ...ids(test)].sort((a, b) => a - b)).toEqual(ids(data));
    const byFraction = trainTestSplit(data, { testFraction: 0.25, rng: new Rng(0) });
    expect([byFraction.train.count, byFraction.test.count]).toEqual([37, 13]);
  });

  it('is deterministic given the seed and differs across seeds', () => {
    const data = tiny(50);
    const a = trainTestSplit(data, { testCount: 10, rng: new Rng(7) });
    const b = trainTestSplit(data, { testCount: 10, rng: new Rng(7) });
    const c = trainTestSplit(data, { testCount: 10, rng: new Rng(8) });
    expect(ids(a.test)).toEqual(ids(b.test));
    expect(ids(a.test)).not.toEqual(ids(c.test));
    // Labels travel with their images.
    a.test.labels.forEach((label, i) => expect(label).toBe((ids(a.test)[i] as number) % 3));
  });

  it('validates its options', () => {
    const data = tiny(10);
    expect(() => trainTestSplit(data, { rng: new Rng(0) })).toThrow(/exactly one of testFraction and testCount/);
    expect(() => trainTestSplit(data, { testCount: 10, rng: new Rng(0) })).toThrow(/testCount must be an integer between 1 and 9/);
    expect(() => trainTestSplit(data, { testFraction: 1.5, rng: new Rng(0) })).toThrow(/testFraction/);
    expect(() => trainTestSplit(data, { testCount: 2 } as never)).toThrow(/needs options\.rng/);
  });

  it('shuffleDataset permutes images and labels together, reproducibly', () => {
    const data = tiny(20);
    const a = shuffleDataset(data, new Rng(3));
    expect(ids(a)).not.toEqual(ids(data));
    expect(ids(a)).toEqual(ids(shuffleDataset(data, new Rng(3))));
    expect([...ids(a)].sort((x, y) => x - y)).toEqual(ids(data));
    a.labels.forEach((label, i) => expect(label).toBe((ids(a)[i] as number) % 3));
  });
});

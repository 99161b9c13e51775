import { InvalidArgumentError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { concatDatasets } from './concat-datasets.js';
import { tiny } from './fixtures.test-helper.js';
import { createImageDataset } from './image-dataset.js';
import { subset } from './subset.js';

describe('createImageDataset', () => {
  it('derives count and validates sizes and labels', () => {
    expect(tiny(4).count).toBe(4);
    const base = { images: new Float32Array(4), labels: Int32Array.from([0, 1]), shape: [1, 2, 1] as const, numClasses: 2 };
    expect(() => createImageDataset({ ...base, images: new Float32Array(5) })).toThrow(/images has 5 values but 2 labels of shape 1x2x1 need 4/);
    expect(() => createImageDataset({ ...base, labels: Int32Array.from([0, 2]) })).toThrow(/labels\[1\] is 2, expected a class index in \[0, 2\)/);
    expect(() => createImageDataset({ ...base, classNames: ['a'] })).toThrow(InvalidArgumentError);
    expect(() => createImageDataset({ ...base, shape: [1, 0, 1] })).toThrow(/shape\[1\] \(width\) must be an integer >= 1/);
  });
});

describe('subset and concatDatasets', () => {
  it('subset copies the chosen examples in order', () => {
    const picked = subset(tiny(5, ['a', 'b', 'c']), [4, 1, 4]);
    expect(picked.count).toBe(3);
    expect(Array.from(picked.images)).toEqual([4, -4, 1, -1, 4, -4]);
    expect(Array.from(picked.labels)).toEqual([1, 1, 1]);
    expect(picked.classNames).toEqual(['a', 'b', 'c']);
    expect(() => subset(tiny(5), [5])).toThrow(/indices\[0\] is 5, expected an integer in \[0, 5\)/);
  });

  it('concatDatasets joins end to end and checks shapes', () => {
    const joined = concatDatasets([tiny(2), subset(tiny(4), [3])]);
    expect(Array.from(joined.images)).toEqual([0, -0, 1, -1, 3, -3]);
    expect(Array.from(joined.labels)).toEqual([0, 1, 0]);
    const other = createImageDataset({ images: new Float32Array(1), labels: Int32Array.from([0]), shape: [1, 1, 1], numClasses: 3 });
    expect(() => concatDatasets([tiny(1), other])).toThrow(/datasets\[1\] has example shape 1x1x1, expected 1x2x1/);
    expect(() => concatDatasets([])).toThrow(InvalidArgumentError);
  });
});

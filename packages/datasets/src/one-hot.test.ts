import { describe, expect, it } from 'vitest';
import { oneHot } from './one-hot.js';

describe('oneHot', () => {
  it('puts a 1 at each label', () => {
    expect(Array.from(oneHot(Int32Array.from([2, 0, 1]), 3))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(oneHot([], 4)).toEqual(new Float32Array(0));
  });

  it('rejects labels out of range and bad class counts', () => {
    expect(() => oneHot([0, 3], 3)).toThrow(/labels\[1\] is 3, expected an integer in \[0, 3\)/);
    expect(() => oneHot([0], 0)).toThrow(/numClasses must be an integer >= 1, got 0/);
  });
});

import { describe, expect, it } from 'vitest';
import { createImageDataset, type ImageDataset } from '@nnlab/datasets';
import { holdOutValidation } from './validation-split.js';

/** 100 one-pixel examples whose pixel is their index, so a split's examples can be told apart. */
function numbered(count = 100): ImageDataset {
  return createImageDataset({
    images: Float32Array.from({ length: count }, (_, i) => i),
    labels: Int32Array.from({ length: count }, (_, i) => i % 10),
    shape: [1, 1, 1],
    numClasses: 10,
  });
}
const ids = (dataset: ImageDataset | undefined): number[] => Array.from(dataset?.images ?? []);

describe('holdOutValidation', () => {
  it('holds out the stated fraction, disjoint from the training examples, together all of them', () => {
    const { train, validation } = holdOutValidation(numbered(), 0.1, 0);
    expect([train.count, validation?.count]).toEqual([90, 10]);
    expect(new Set([...ids(train), ...ids(validation)]).size).toBe(100);
    expect(validation?.numClasses).toBe(10);
  });

  it('is seeded: the same seed holds out the same examples, another seed others', () => {
    const a = ids(holdOutValidation(numbered(), 0.2, 7).validation);
    const b = ids(holdOutValidation(numbered(), 0.2, 7).validation);
    const c = ids(holdOutValidation(numbered(), 0.2, 8).validation);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    // A random draw, not the first or last examples.
    expect(a).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
  });

  it('keeps everything for training with 0, and rejects fractions outside [0, 1)', () => {
    const all = numbered();
    expect(holdOutValidation(all, 0, 0)).toEqual({ train: all, validation: undefined });
    for (const bad of [-0.1, 1, 1.5, Number.NaN]) expect(() => holdOutValidation(all, bad, 0)).toThrow(/validationSplit must be a fraction in \[0, 1\)/);
  });
});

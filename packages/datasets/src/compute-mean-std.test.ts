import { describe, expect, it } from 'vitest';
import { computeMeanStd } from './compute-mean-std.js';
import { createImageDataset } from './image-dataset.js';
import { loadMnist10k } from './load-mnist-10k.node.js';
import { normalize } from './normalize.js';

describe('computeMeanStd and normalize', () => {
  const rgb = createImageDataset({
    // Two 1x1 RGB pixels: R = 1, 3; G = 0, 0; B = -2, 2.
    images: Float32Array.from([1, 0, -2, 3, 0, 2]),
    labels: Int32Array.from([0, 1]),
    shape: [1, 1, 3],
    numClasses: 2,
  });

  it('computes per-channel population statistics', () => {
    expect(computeMeanStd(rgb)).toEqual({ mean: [2, 0, 0], std: [1, 0, 2] });
  });

  it('normalizes per channel into a new dataset', () => {
    const out = normalize(rgb, { mean: [2, 0, 0], std: [1, 1, 2] });
    expect(Array.from(out.images)).toEqual([-1, 0, -1, 1, 0, 1]);
    expect(Array.from(rgb.images)).toEqual([1, 0, -2, 3, 0, 2]);
    expect(out.labels).toBe(rgb.labels);
    expect(Array.from(normalize(rgb, { mean: 1, std: 2 }).images)).toEqual([0, -0.5, -1.5, 1, -0.5, 0.5]);
    expect(() => normalize(rgb, { mean: [0, 0], std: 1 })).toThrow(/mean has 2 values, expected 1 or 3/);
    expect(() => normalize(rgb, { mean: 0, std: [1, 0, 1] })).toThrow(/std\[1\] must be > 0, got 0/);
  });

  it('gives MNIST-like statistics on the embedded digits, and N(0, 1)-ish after normalizing', async () => {
    const digits = await loadMnist10k();
    const stats = computeMeanStd(digits);
    // Full MNIST: mean 0.1307, std 0.3081; a 10k sample lands close.
    expect(stats.mean[0]).toBeGreaterThan(0.12);
    expect(stats.mean[0]).toBeLessThan(0.145);
    expect(stats.std[0]).toBeGreaterThan(0.29);
    expect(stats.std[0]).toBeLessThan(0.33);
    const after = computeMeanStd(normalize(digits, stats));
    expect(after.mean[0]).toBeCloseTo(0, 5);
    expect(after.std[0]).toBeCloseTo(1, 5);
  });
});

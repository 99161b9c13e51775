import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchTransform, composeTransforms } from './batch-transform.js';
import { DataLoader } from './data-loader.js';
import { createImageDataset } from './image-dataset.js';
import { randomHorizontalFlip } from './random-horizontal-flip.js';
import { randomRotation } from './random-rotation.js';
import { randomShift } from './random-shift.js';

/** An h x w single-channel image with one bright pixel at (row, col). */
function dot(h: number, w: number, row: number, col: number): Float32Array {
  const image = new Float32Array(h * w);
  image[row * w + col] = 1;
  return image;
}

function brightest(image: Float32Array, width: number): [number, number] {
  let best = 0;
  image.forEach((v, i) => {
    if (v > (image[best] as number)) best = i;
  });
  return [Math.floor(best / width), best % width];
}

/** Counts the shifts a seeded randomShift draws, by replaying its two rng.int calls. */
function expectedShifts(seed: number, count: number, maxShift: number): Array<[number, number]> {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => [rng.int(2 * maxShift + 1) - maxShift, rng.int(2 * maxShift + 1) - maxShift]);
}

describe('augmentation transforms', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('randomShift moves a known pixel by the drawn offset, filling with zeros', () => {
    const count = 20;
    const images = new Float32Array(count * 81);
    for (let n = 0; n < count; n++) images.set(dot(9, 9, 4, 4), n * 81);
    const out = randomShift({ maxShift: 2 }).apply(images, count, [9, 9, 1], new Rng(7));
    const shifts = expectedShifts(7, count, 2);
    const seen = new Set<string>();
    for (let n = 0; n < count; n++) {
      const [dy, dx] = shifts[n] as [number, number];
      const image = out.subarray(n * 81, (n + 1) * 81);
      expect(brightest(image, 9)).toEqual([4 + dy, 4 + dx]);
      expect(image.reduce((a, b) => a + b, 0)).toBe(1);
      seen.add(`${dy},${dx}`);
    }
    expect(seen.size).toBeGreaterThan(5); // it really varies per image
    // A pixel shifted off the edge disappears and the border takes the fill value.
    const edge = randomShift({ maxShift: 1, fill: -0.5 }).apply(dot(3, 3, 0, 0), 1, [3, 3, 1], new Rng(1));
    const [[dy, dx]] = expectedShifts(1, 1, 1) as [[number, number]];
    if (dy > 0) expect(edge.subarray(0, 3)).toEqual(new Float32Array([-0.5, -0.5, -0.5]));
    if (dx > 0) expect([edge[0], edge[3], edge[6]]).toEqual([-0.5, -0.5, -0.5]);
  });

  it('randomShift with maxShift 0 is the identity', () => {
    const images = Float32Array.from({ length: 2 * 12 }, (_, i) => i / 24);
    const copy = images.slice();
    expect(randomShift({ maxShift: 0 }).apply(images, 2, [2, 3, 2], new Rng(3))).toEqual(copy);
  });

  it('randomRotation by exactly 90 degrees matches the exact (counter-clockwise) rotation', () => {
    const h = 5;
    const image = Float32Array.from({ length: h * h * 2 }, (_, i) => i + 1);
    const out = randomRotation({ degrees: [90, 90] }).apply(image.slice(), 1, [h, h, 2], new Rng(0));
    // numpy's rot90: out[r][c] = in[c][w - 1 - r]
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < h; c++) {
        for (let ch = 0; ch < 2; ch++) {
          expect(out[(r * h + c) * 2 + ch]).toBe(image[(c * h + (h - 1 - r)) * 2 + ch]);
        }
      }
    }
  });

  it('randomRotation keeps the pixel mass of a centred blob for small angles, and differs per seed', () => {
    const h = 16;
    const count = 8;
    const images = new Float32Array(count * h * h);
    for (let n = 0; n < count; n++) {
      for (let y = 5; y < 11; y++) for (let x = 6; x < 10; x++) images[n * h * h + y * h + x] = 1;
    }
    const mass = (a: Float32Array, n: number): number => a.subarray(n * h * h, (n + 1) * h * h).reduce((s, v) => s + v, 0);
    const out = randomRotation({ maxDegrees: 10 }).apply(images.slice(), count, [h, h, 1], new Rng(5));
    for (let n = 0; n < count; n++) expect(Math.abs(mass(out, n) - 24) / 24).toBeLessThan(0.05);
    expect(out).not.toEqual(images);
    const again = randomRotation({ maxDegrees: 10 }).apply(images.slice(), count, [h, h, 1], new Rng(5));
    expect(again).toEqual(out);
    const other = randomRotation({ maxDegrees: 10 }).apply(images.slice(), count, [h, h, 1], new Rng(6));
    expect(other).not.toEqual(out);
  });

  it('randomHorizontalFlip mirrors rows with the given probability', () => {
    const image = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(randomHorizontalFlip({ probability: 1 }).apply(image.slice(), 1, [2, 3, 1], new Rng(0))).toEqual(Float32Array.from([3, 2, 1, 6, 5, 4]));
    expect(randomHorizontalFlip({ probability: 0 }).apply(image.slice(), 1, [2, 3, 1], new Rng(0))).toEqual(image);
    const rgb = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(randomHorizontalFlip({ probability: 1 }).apply(rgb, 1, [1, 2, 3], new Rng(0))).toEqual(Float32Array.from([4, 5, 6, 1, 2, 3]));
  });

  it('composeTransforms applies transforms in order and validates them', () => {
    const calls: string[] = [];
    const tag = (name: string): BatchTransform => ({
      apply(images) {
        calls.push(name);
        return images.map((v) => v + 1);
      },
    });
    const out = composeTransforms(tag('a'), tag('b')).apply(new Float32Array(4), 1, [2, 2, 1], new Rng(0));
    expect(calls).toEqual(['a', 'b']);
    expect(out).toEqual(new Float32Array([2, 2, 2, 2]));
    expect(() => composeTransforms({} as BatchTransform)).toThrow(/argument 0 is not a BatchTransform/);
    const shrink: BatchTransform = { apply: (images) => images.subarray(1) };
    expect(() => composeTransforms(shrink).apply(new Float32Array(4), 1, [2, 2, 1], new Rng(0))).toThrow(/expected a Float32Array of 4 values/);
  });

  it('validates options eagerly', () => {
    expect(() => randomShift({ maxShift: -1 })).toThrow(/maxShift must be an integer >= 0, got -1/);
    expect(() => randomShift({ fill: Number.NaN })).toThrow(/fill must be/);
    expect(() => randomRotation({ maxDegrees: 400 })).toThrow(/maxDegrees must be a finite number >= 0 and <= 180, got 400/);
    expect(() => randomRotation({ degrees: [10, 5] })).toThrow(/degrees\[1\]/);
    expect(() => randomHorizontalFlip({ probability: 2 })).toThrow(/probability/);
    expect(() => randomShift({ fill: [0, 0] }).apply(new Float32Array(4), 1, [2, 2, 1], new Rng(0))).toThrow(/fill must be a finite number or 1 finite numbers/);
  });
});

describe('DataLoader with a transform', () => {
  const h = 8;
  const dataset = createImageDataset({
    images: Float32Array.from({ length: 10 * h * h }, (_, i) => ((i * 7919) % 101) / 100),
    labels: Int32Array.from({ length: 10 }, (_, i) => i % 2),
    shape: [h, h, 1],
    numClasses: 2,
  });
  const augment = composeTransforms(randomShift({ maxShift: 2 }), randomRotation({ maxDegrees: 10 }));

  function epoch(loader: DataLoader): { x: number[]; y: number[] } {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const { x, y } of loader) {
      xs.push(...x.dataSync());
      ys.push(...y.dataSync());
      tf.dispose([x, y]);
    }
    return { x: xs, y: ys };
  }

  it('augments deterministically per seed, keeps the shuffle order, and leaves the dataset alone', () => {
    const before = dataset.images.slice();
    const make = (seed: number, transform?: BatchTransform): DataLoader =>
      new DataLoader(dataset, { batchSize: 4, shuffle: true, rng: new Rng(seed), ...(transform ? { transform } : {}) });
    const a = make(3, augment);
    const first = epoch(a);
    const second = epoch(a);
    expect(second.x).not.toEqual(first.x); // fresh draws every epoch
    const b = make(3, augment);
    expect(epoch(b)).toEqual(first);
    expect(epoch(b)).toEqual(second);
    expect(epoch(make(4, augment)).x).not.toEqual(first.x);
    const plain = epoch(make(3));
    expect(plain.y).toEqual(first.y);
    expect(plain.x).not.toEqual(first.x);
    expect(dataset.images).toEqual(before);
  });

  it('needs an rng and a real transform', () => {
    expect(() => new DataLoader(dataset, { batchSize: 2, transform: augment })).toThrow(/transform needs options\.rng/);
    expect(() => new DataLoader(dataset, { batchSize: 2, rng: new Rng(0), transform: {} as BatchTransform })).toThrow(/transform must be a BatchTransform/);
  });
});

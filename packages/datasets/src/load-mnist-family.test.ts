import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from './encode-idx.js';
import { fakeSplit, writeFakeMnistFolder } from './fixtures.test-helper.js';
import { imageDatasetFromIdx } from './image-dataset-from-idx.js';
import { hasMnistFamilyFiles, loadMnistFamily } from './load-mnist-family.js';

describe('loadMnistFamily', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-family-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const gzip of [true, false]) {
    it(`loads a ${gzip ? 'gzip' : 'raw'} folder with pixels scaled to [0, 1]`, async () => {
      const dir = join(root, gzip ? 'gz' : 'raw');
      await writeFakeMnistFolder(dir, { train: 12, test: 5, gzip });
      const { train, test } = await loadMnistFamily(dir, { classNames: 'abcdefghij'.split('') });
      expect([train.count, test.count]).toEqual([12, 5]);
      expect(train.shape).toEqual([4, 3, 1]);
      expect(train.numClasses).toBe(10);
      expect(train.classNames?.[3]).toBe('d');
      const { pixels, labels } = fakeSplit(12);
      expect(train.images[5]).toBeCloseTo((pixels[5] as number) / 255, 7);
      expect(Array.from(train.labels)).toEqual(Array.from(labels));
      expect(Math.max(...train.images)).toBeLessThanOrEqual(1);
      expect(Math.min(...train.images)).toBeGreaterThanOrEqual(0);
    });
  }

  it('lists the names it looked for when a file is missing', async () => {
    const dir = join(root, 'missing');
    await writeFakeMnistFolder(dir);
    await unlink(join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(await hasMnistFamilyFiles(dir)).toBe(false);
    const load = loadMnistFamily(dir, { name: 'demo' });
    await expect(load).rejects.toThrow(NotFoundError);
    await expect(loadMnistFamily(dir, { name: 'demo' })).rejects.toThrow(
      /demo: neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte\.gz found/,
    );
  });

  it('refuses mismatched image and label counts', async () => {
    const dir = join(root, 'mismatch');
    await writeFakeMnistFolder(dir);
    const { labels } = fakeSplit(4);
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), encodeIdx({ dtype: 'uint8', shape: [4], data: labels }, { gzip: true }));
    await expect(loadMnistFamily(dir)).rejects.toThrow(/train-labels-idx1-ubyte\.gz: has 4 labels but .* has 12 images/);
  });

  it('refuses labels outside [0, numClasses)', async () => {
    const dir = join(root, 'range');
    await writeFakeMnistFolder(dir);
    await expect(loadMnistFamily(dir, { numClasses: 5 })).rejects.toThrow(/label 5 is 5, expected a class index in \[0, 5\)/);
  });
});

describe('imageDatasetFromIdx', () => {
  it('keeps a channel dimension and checks dtypes', () => {
    const images = { dtype: 'uint8', shape: [2, 1, 1, 3], data: Uint8Array.from([0, 51, 255, 255, 0, 0]) } as const;
    const labels = { dtype: 'uint8', shape: [2], data: Uint8Array.from([1, 0]) } as const;
    const ds = imageDatasetFromIdx(images, labels, { numClasses: 2 });
    expect(ds.shape).toEqual([1, 1, 3]);
    expect(Array.from(ds.images)).toEqual([0, 0.2, 1, 1, 0, 0].map((v) => Math.fround(v)));
    const floatImages = { dtype: 'float32', shape: [2, 1, 1], data: new Float32Array(2) } as const;
    expect(() => imageDatasetFromIdx(floatImages, labels, { imagesSource: 'img.idx' })).toThrow(DataFormatError);
    expect(() => imageDatasetFromIdx(floatImages, labels, { imagesSource: 'img.idx' })).toThrow(/img\.idx: expected uint8 images/);
  });
});

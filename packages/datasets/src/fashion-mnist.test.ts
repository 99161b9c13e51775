import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FASHION_MNIST_SYSTEM_DIR,
  fashionMnistSearchPaths,
  findFashionMnist,
  loadFashionMnist,
} from './fashion-mnist.js';
import { FASHION_MNIST_CLASS_NAMES } from './fashion-mnist-class-names.js';
import { writeFakeMnistFolder } from './fixtures.test-helper.js';

const installed = existsSync(FASHION_MNIST_SYSTEM_DIR);
if (!installed) {
  console.warn(`skipping the real Fashion-MNIST test: ${FASHION_MNIST_SYSTEM_DIR} is absent (apt-get install dataset-fashion-mnist)`);
}

describe('Fashion-MNIST', () => {
  it.skipIf(!installed)('loads the Debian dataset-fashion-mnist package (needs dataset-fashion-mnist)', async () => {
    expect(await findFashionMnist({ env: {} })).toBe(FASHION_MNIST_SYSTEM_DIR);
    const { train, test } = await loadFashionMnist({ env: {} });
    expect([train.count, test.count]).toEqual([60_000, 10_000]);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.numClasses).toBe(10);
    expect(train.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    const histogram = new Array<number>(10).fill(0);
    for (const label of test.labels) histogram[label]! += 1;
    expect(histogram).toEqual(new Array(10).fill(1000));
    // The first training image of Fashion-MNIST is an ankle boot (label 9); the first test image too.
    expect([train.labels[0], test.labels[0]]).toEqual([9, 9]);
    let max = 0;
    for (let i = 0; i < test.images.length; i++) max = Math.max(max, test.images[i] as number);
    expect(max).toBe(1);
  });

  describe('search and errors', () => {
    let root = '';
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'nnlab-fashion-'));
      await writeFakeMnistFolder(join(root, 'env-dir'));
      await writeFakeMnistFolder(join(root, 'cache', 'fashion-mnist'));
    });
    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('searches $NNLAB_FASHION_MNIST_DIR, the system folder, then the cache', async () => {
      const none = join(root, 'nowhere');
      expect(fashionMnistSearchPaths({ env: { NNLAB_FASHION_MNIST_DIR: 'E' }, systemDir: 'S', cacheDir: 'C' })).toEqual([
        'E',
        'S',
        join('C', 'fashion-mnist'),
      ]);
      const env = { NNLAB_FASHION_MNIST_DIR: join(root, 'env-dir') };
      expect(await findFashionMnist({ env, systemDir: none })).toBe(join(root, 'env-dir'));
      const cacheOnly = { env: { NNLAB_CACHE_DIR: join(root, 'cache') }, systemDir: none };
      expect(await findFashionMnist(cacheOnly)).toBe(join(root, 'cache', 'fashion-mnist'));
      const { train } = await loadFashionMnist(cacheOnly);
      expect(train.classNames?.[0]).toBe('T-shirt/top');
    });

    it('says how to install it when absent', async () => {
      const options = { env: {}, systemDir: join(root, 'nowhere'), cacheDir: join(root, 'empty') };
      expect(await findFashionMnist(options)).toBeUndefined();
      await expect(loadFashionMnist(options)).rejects.toThrow(NotFoundError);
      await expect(loadFashionMnist(options)).rejects.toThrow(/apt-get install dataset-fashion-mnist/);
    });
  });
});

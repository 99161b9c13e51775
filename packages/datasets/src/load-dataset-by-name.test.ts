import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeMnistFolder } from './fixtures.test-helper.js';
import { KNOWN_DATASETS, loadDatasetByName } from './load-dataset-by-name.js';

describe('loadDatasetByName', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-byname-'));
    await writeFakeMnistFolder(join(root, 'folder'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('splits mnist-10k 8,000 / 2,000 reproducibly from the seed', async () => {
    const a = await loadDatasetByName('mnist-10k');
    expect(a.name).toBe('mnist-10k');
    expect(a.description).toMatch(/10,000/);
    expect([a.train.count, a.test.count]).toEqual([8000, 2000]);
    const b = await loadDatasetByName('mnist-10k', { seed: 0 });
    expect(b.test.labels).toEqual(a.test.labels);
    expect(b.test.images.subarray(0, 784 * 3)).toEqual(a.test.images.subarray(0, 784 * 3));
    const c = await loadDatasetByName('mnist-10k', { seed: 1 });
    expect(c.test.labels).not.toEqual(a.test.labels);
    // A random 2,000 of a class-sorted set must hold every digit.
    expect(new Set(a.test.labels).size).toBe(10);
  });

  it('loads folder specs', async () => {
    const dir = join(root, 'folder');
    const plain = await loadDatasetByName(`mnist:${dir}`);
    expect([plain.train.count, plain.test.count]).toEqual([12, 5]);
    expect((await loadDatasetByName(`idx:${dir}`)).train.count).toBe(12);
    const fashion = await loadDatasetByName(`fashion-mnist:${dir}`);
    expect(fashion.train.classNames?.[9]).toBe('Ankle boot');
  });

  it('lists the known names for an unknown one', async () => {
    await expect(loadDatasetByName('cifar-10')).rejects.toThrow(InvalidArgumentError);
    await expect(loadDatasetByName('cifar-10')).rejects.toThrow(/unknown dataset "cifar-10"; known: mnist-10k, mnist, fashion-mnist/);
    expect(Object.keys(KNOWN_DATASETS)).toContain('mnist-10k');
    await expect(loadDatasetByName('mnist-10k', { seed: -1 })).rejects.toThrow(/seed must be an integer/);
  });
});

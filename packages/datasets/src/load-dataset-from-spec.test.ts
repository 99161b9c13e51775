import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatasetSpecOptions } from './dataset-spec-options.js';
import { patternPng, writeTree } from './image-folder.test-helper.js';
import { loadDatasetByName } from './load-dataset-by-name.js';

const MAT = join(import.meta.dirname, 'fixtures', 'small.mat');

describe('folder: and mat: dataset specs', () => {
  let root = '';
  let letters = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-spec-'));
    letters = join(root, 'letters, small'); // a comma in the path itself
    const files: Record<string, Uint8Array | string> = { 'A/broken.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
    for (let i = 0; i < 10; i++) {
      files[`A/${i}.png`] = patternPng(6, i);
      files[`B/${i}.png`] = patternPng(6, i + 3);
    }
    await writeTree(letters, files);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads folder:DIR with a seeded 80/20 split, options and the skipped files', async () => {
    const warnings: string[] = [];
    const a = await loadDatasetByName(`folder:${letters}`, { onWarning: (m) => warnings.push(m) });
    expect([a.train.count, a.test.count]).toEqual([16, 4]);
    expect(a.train.classNames).toEqual(['A', 'B']);
    expect(a.train.shape).toEqual([6, 6, 1]);
    expect(a.skipped?.map((s) => s.file)).toEqual([join(letters, 'A', 'broken.png')]);
    expect(a.description).toMatch(/image folder .*letters, small \(20 images, 1 files skipped\)/);
    expect(warnings).toHaveLength(1);
    const b = await loadDatasetByName(`folder:${letters}`, { seed: 0 });
    expect(b.test.labels).toEqual(a.test.labels);
    expect(b.test.images).toEqual(a.test.images);
    const c = await loadDatasetByName(`folder:${letters},size=4x3,channels=3,test=0.5`, { seed: 1 });
    expect(c.train.shape).toEqual([4, 3, 3]);
    expect([c.train.count, c.test.count]).toEqual([10, 10]);
  });

  it('loads mat:FILE with x= and y= options', async () => {
    const a = await loadDatasetByName(`mat:${MAT},shape=2x3,test=0.25`);
    expect([a.train.count, a.test.count]).toEqual([3, 1]);
    expect(a.train.shape).toEqual([2, 3, 1]);
    expect(a.description).toBe(`MATLAB file ${MAT}`);
    const b = await loadDatasetByName(`mat:${MAT},x=A,y=u16,shape=1x2,order=row-major`);
    expect(b.train.count + b.test.count).toBe(3);
  });

  it('names unknown or bad options, and missing paths', async () => {
    await expect(loadDatasetByName(`folder:${letters},colour=3`)).rejects.toThrow(InvalidArgumentError);
    await expect(loadDatasetByName(`folder:${letters},colour=3`)).rejects.toThrow(/unknown option "colour" in dataset "folder:.*"; folder: takes size, channels, test/);
    await expect(loadDatasetByName(`mat:${MAT},size=20`)).rejects.toThrow(/unknown option "size" .*mat: takes x, y, shape, order, test/);
    await expect(loadDatasetByName(`folder:${letters},channels=2`)).rejects.toThrow(/channels must be 1 or 3, got "2"/);
    await expect(loadDatasetByName(`folder:${letters},size=big`)).rejects.toThrow(/size must be N or HxW .*got "big"/);
    await expect(loadDatasetByName(`folder:${letters},test=1.5`)).rejects.toThrow(/test must be a fraction between 0 and 1/);
    await expect(loadDatasetByName(`mat:${MAT},order=fortran`)).rejects.toThrow(/order must be column-major or row-major/);
    await expect(loadDatasetByName('folder:')).rejects.toThrow(/dataset "folder:" names no folder/);
    await expect(loadDatasetByName(`folder:${join(root, 'nope')}`)).rejects.toThrow(/image folder .*nope does not exist/);
  });

  it('splits options from the right, so paths may hold commas', () => {
    expect(parseDatasetSpecOptions('folder', 'a,b,size=2,channels=1', ['size', 'channels'])).toEqual({
      path: 'a,b',
      options: new Map([
        ['size', '2'],
        ['channels', '1'],
      ]),
    });
    expect(() => parseDatasetSpecOptions('folder', 'a,size=2,size=3', ['size'])).toThrow(/option "size" is given twice/);
    expect(() => parseDatasetSpecOptions('folder', 'a,size=', ['size'])).toThrow(/option "size" .* has no value/);
  });
});

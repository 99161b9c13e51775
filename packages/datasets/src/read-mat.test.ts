import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMatDataset } from './load-mat-dataset.js';
import { readMat, readMatFile } from './read-mat.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
interface Expected {
  readonly [file: string]: unknown;
  readonly classes: Record<string, string>;
  readonly logical: string[];
  readonly skipped: Record<string, string>;
  readonly images: { shape: [number, number]; pixels: number[]; labels: number[] };
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'mat-files.json'), 'utf8')) as Expected;
const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));

describe('readMat (level 5), against scipy.io.loadmat', () => {
  it.each(['small.mat', 'small-compressed.mat', 'packed.mat'])('reads every numeric variable of %s in row-major order', (file) => {
    const skipped: Record<string, string> = {};
    const variables = readMat(fixture(file), { source: file, onSkip: (name, reason) => (skipped[name] = reason) });
    const reference = expected[file] as Record<string, { shape: number[]; data: number[] }>;
    expect(Object.keys(variables).sort()).toEqual(Object.keys(reference).sort());
    for (const [name, { shape, data }] of Object.entries(reference)) {
      const variable = variables[name];
      expect(variable?.shape, name).toEqual(shape);
      expect(Array.from(variable?.data ?? []), name).toEqual(data);
      expect(variable?.matlabClass, name).toBe(expected.classes[name]);
      expect(variable?.logical, name).toBe(expected.logical.includes(name));
    }
    if (file !== 'packed.mat') {
      expect(Object.keys(skipped).sort()).toEqual(Object.keys(expected.skipped).sort());
      for (const [name, what] of Object.entries(expected.skipped)) expect(skipped[name]).toContain(what);
    }
  });

  it('refuses v7.3, v4 and non-MAT files with a message that says what to do', () => {
    expect(() => readMat(fixture('small-v4.mat'), { source: 'old.mat' })).toThrow(/old\.mat: .*level-4 \(v4\).*save with -v6 or -v7/);
    const v73 = new Uint8Array(1024);
    v73.set(new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan 1 HDF5 schema 1.00 .'));
    v73.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512);
    expect(() => readMat(v73, { source: 'new.mat' })).toThrow(/new\.mat: MATLAB v7\.3 .*HDF5.*save with -v7 or earlier/);
    expect(() => readMat(new TextEncoder().encode('a,b\n1,2\n'.repeat(30)), { source: 'x.csv' })).toThrow(/x\.csv: not a MATLAB MAT-file/);
    expect(() => readMat(new Uint8Array(0))).toThrow(DataFormatError);
  });

  it('reports truncated and damaged files instead of reading garbage', () => {
    const plain = fixture('small.mat');
    expect(() => readMat(plain.subarray(0, plain.length - 20), { source: 'cut.mat' })).toThrow(/cut\.mat: truncated: the \d+-byte element that starts at byte \d+/);
    const packed = fixture('small-compressed.mat');
    expect(() => readMat(packed.subarray(0, packed.length - 20), { source: 'cut.mat' })).toThrow(/cut\.mat: truncated/);
    const damaged = Uint8Array.from(packed);
    damaged.fill(0x55, 140, 160); // inside the first zlib stream
    expect(() => readMat(damaged, { source: 'bad.mat' })).toThrow(/bad\.mat: compressed element at byte 128 cannot be decompressed/);
  });

  it('reads files from disk, and a missing one is NotFoundError', async () => {
    expect((await readMatFile(join(FIXTURES, 'small.mat'))).A?.shape).toEqual([3, 2]);
    await expect(readMatFile(join(FIXTURES, 'nope.mat'))).rejects.toThrow(NotFoundError);
  });
});

describe('loadMatDataset', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nnlab-mat-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('turns ex4-style X/y into upright images and 0-based labels (10 -> 0)', async () => {
    for (const file of ['small.mat', 'small-compressed.mat']) {
      const ds = await loadMatDataset(join(FIXTURES, file), { imageShape: expected.images.shape });
      expect(ds.shape).toEqual([2, 3, 1]);
      expect(Array.from(ds.labels)).toEqual(expected.images.labels);
      expect(ds.numClasses).toBe(3);
      Array.from(ds.images).forEach((v, i) => expect(v).toBeCloseTo(expected.images.pixels[i] as number, 6));
    }
  });

  it('maps labels as asked and reads other variable names', async () => {
    const file = join(FIXTURES, 'small.mat');
    const none = await loadMatDataset(file, { imageShape: [2, 3], labelMap: 'none' });
    expect(Array.from(none.labels)).toEqual([10, 1, 2, 10]);
    expect(none.numClasses).toBe(11);
    const custom = await loadMatDataset(file, { imageShape: [2, 3], labelMap: (v) => v % 3 });
    expect(Array.from(custom.labels)).toEqual([1, 1, 2, 1]);
    const record = await loadMatDataset(file, { imageShape: [2, 3], labelMap: { 10: 0, 1: 1, 2: 1 } });
    expect(Array.from(record.labels)).toEqual([0, 1, 1, 0]);
    // A 3x2 "dataset": each row of A is an example of 2 pixels, labels from u16 (1, 2, 65535 -> minus 1).
    const rows = await loadMatDataset(file, { x: 'A', y: 'u16', imageShape: [1, 2], pixelOrder: 'row-major' });
    expect(Array.from(rows.images)).toEqual([1, 2, 3, 4, 5, 6.5]);
    expect(Array.from(rows.labels)).toEqual([0, 1, 65534]);
  });

  it('says which variables exist, and what is wrong with the shapes', async () => {
    const file = join(FIXTURES, 'small.mat');
    await expect(loadMatDataset(file, { x: 'images' })).rejects.toThrow(/small\.mat: has no numeric variable "images" \(images\); variables: A, B, s, i8/);
    await expect(loadMatDataset(file)).rejects.toThrow(/"X" has 6 values per example, not a square image; pass imageShape/);
    await expect(loadMatDataset(file, { imageShape: [2, 2] })).rejects.toThrow(/imageShape 2x2x1 has 4 values but variable "X" has 6 per example/);
    await expect(loadMatDataset(file, { x: 'B', imageShape: [2, 3] })).rejects.toThrow(/variable "B" is 3x2x4; expected a 2-D matrix/);
    await expect(loadMatDataset(file, { y: 'A', imageShape: [2, 3] })).rejects.toThrow(/variable "A" is 3x2; expected a vector of labels/);
    await expect(loadMatDataset(file, { y: 'i8', imageShape: [2, 3] })).rejects.toThrow(/"X" has 4 rows but "i8" has 3 labels/);
    await expect(loadMatDataset(file, { y: 'single', x: 'A', imageShape: [1, 2] })).rejects.toThrow(/single\(1\) = 0\.5 maps to 0\.5/);
    await expect(loadMatDataset(file, { imageShape: [2, 3], labelMap: { 1: 0 } })).rejects.toThrow(/label 10, which labelMap does not map/);
    const csv = join(dir, 'data.mat');
    await writeFile(csv, 'not,a,mat\n');
    await expect(loadMatDataset(csv)).rejects.toThrow(/data\.mat: not a MATLAB MAT-file/);
  });
});

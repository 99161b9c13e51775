import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng, patternPng, writeTree } from './image-folder.test-helper.js';
import { loadImageFolder } from './load-image-folder.js';
import { sniffImage } from './sniff-image.js';

const UNICODE_CLASS = 'Ω-ünïcode 字';

describe('loadImageFolder', () => {
  let root = '';
  let good = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-folder-'));
    good = join(root, 'good');
    const broken = patternPng(4, 0).subarray(0, 40); // a PNG cut short inside its first IDAT
    await writeTree(good, {
      'A/a1.png': patternPng(4, 0),
      'A/a2.png': encodePng(4, 4, (x) => [x / 3, 0, 1], 'rgb'),
      'A/broken.png': broken,
      'A/empty.png': new Uint8Array(0),
      'A/notes.txt': 'not an image',
      'A/.DS_Store': new Uint8Array([0, 0, 0, 1, 66, 117, 100, 49]),
      'B/photo.png': encodeJpeg(4, 4, [0.5, 0.5, 0.5]), // a JPEG behind a .png name
      'B/deep.png': encodePng(4, 4, () => [0.25, 0.25, 0.25], 'gray16'),
      [`${UNICODE_CLASS}/c.png`]: patternPng(4, 3),
      'README.txt': 'stray file at the top',
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads one class per sorted sub-folder, sniffing formats and skipping what it cannot read', async () => {
    const warnings: string[] = [];
    const { dataset, skipped } = await loadImageFolder(good, { onWarning: (message) => warnings.push(message) });
    expect(dataset.classNames).toEqual(['A', 'B', UNICODE_CLASS]);
    expect([dataset.count, dataset.numClasses, ...dataset.shape]).toEqual([5, 3, 4, 4, 1]);
    expect(Array.from(dataset.labels)).toEqual([0, 0, 1, 1, 2]);
    // a1.png, then a2.png: pixel (x, y) of the pattern is ((x + 4y) % 7) / 6, exact in 8 bits.
    const a1 = Array.from(dataset.images.subarray(0, 16));
    a1.forEach((v, i) => expect(v).toBeCloseTo(Math.round(((i % 7) / 6) * 255) / 255, 6));
    // RGB (x/3, 0, 1) to luma 0.299 r + 0.587 g + 0.114 b.
    const a2 = dataset.images.subarray(16, 32);
    expect(a2[3]).toBeCloseTo(0.299 + 0.114, 2);
    expect(a2[0]).toBeCloseTo(0.114, 2);
    // B: deep.png (16-bit, sorted first) then the JPEG named .png.
    expect(dataset.images[32]).toBeCloseTo(0.25, 4);
    expect(dataset.images[48]).toBeCloseTo(0.5, 1);
    const names = skipped.map((s) => s.file.slice(good.length + 1)).sort();
    expect(names).toEqual(['A/.DS_Store', 'A/broken.png', 'A/empty.png', 'A/notes.txt', 'README.txt']);
    const reason = (name: string): string => skipped.find((s) => s.file.endsWith(name))?.reason ?? '';
    expect(reason('empty.png')).toMatch(/empty file/);
    expect(reason('notes.txt')).toMatch(/not a PNG or JPEG/);
    expect(reason('broken.png')).toMatch(/cannot decode PNG/);
    expect(warnings).toHaveLength(5);
    expect(warnings.join('\n')).toMatch(/skipped .*broken\.png: cannot decode PNG/);
  });

  it('converts to RGB and resizes on request, and filters by extension', async () => {
    const { dataset, skipped } = await loadImageFolder(good, { channels: 3, size: [2, 3], extensions: ['png'] });
    expect(dataset.shape).toEqual([2, 3, 3]);
    expect(dataset.count).toBe(5);
    // a2 is (x/3, 0, 1) across; blue stays exactly 1 after resizing, green 0.
    const a2 = dataset.images.subarray(18, 36);
    for (let p = 0; p < 6; p++) {
      expect(a2[p * 3 + 1]).toBeCloseTo(0, 6);
      expect(a2[p * 3 + 2]).toBeCloseTo(1, 6);
    }
    expect(skipped.find((s) => s.file.endsWith('notes.txt'))?.reason).toMatch(/extension not in \.png/);
  });

  it('sniffs PNG and JPEG headers', () => {
    expect(sniffImage(patternPng(4, 0))).toEqual({ format: 'png', width: 4, height: 4, bitDepth: 8 });
    expect(sniffImage(encodeJpeg(6, 3, [0, 0, 0]))).toEqual({ format: 'jpeg', width: 6, height: 3 });
    expect(sniffImage(new TextEncoder().encode('hello'))).toBeUndefined();
  });

  it('refuses decompression bombs from their header, before decoding', async () => {
    const dir = join(root, 'bomb');
    const header = Buffer.from(patternPng(4, 0));
    header.writeUInt32BE(50000, 16);
    header.writeUInt32BE(50000, 20);
    await writeTree(dir, { 'A/ok.png': patternPng(4, 0), 'A/huge.png': header });
    const { dataset, skipped } = await loadImageFolder(dir);
    expect(dataset.count).toBe(1);
    expect(skipped).toEqual([{ file: join(dir, 'A', 'huge.png'), reason: expect.stringMatching(/50000x50000, over the 4096x4096 limit/) }]);
  });

  it('requires equal sizes unless a size is given, naming the odd file', async () => {
    const dir = join(root, 'mixed');
    await writeTree(dir, { 'A/1.png': patternPng(4, 0), 'B/2.png': patternPng(5, 0) });
    await expect(loadImageFolder(dir)).rejects.toThrow(/B[/\\]2\.png: image is 5x5 but earlier images are 4x4; pass a size/);
    expect((await loadImageFolder(dir, { size: 3 })).dataset.shape).toEqual([3, 3, 1]);
  });

  it('names the folder when there is nothing to load', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);
    await expect(loadImageFolder(empty)).rejects.toThrow(/empty.*: the folder is empty/);
    const flat = join(root, 'flat');
    await writeTree(flat, { 'a.png': patternPng(4, 0) });
    await expect(loadImageFolder(flat)).rejects.toThrow(/flat: has no class sub-folders/);
    const junk = join(root, 'junk');
    await writeTree(junk, { 'A/x.txt': 'x', 'B/y.png': new Uint8Array(0) });
    await expect(loadImageFolder(junk)).rejects.toThrow(DataFormatError);
    await expect(loadImageFolder(junk)).rejects.toThrow(/junk: no readable PNG or JPEG images in any class folder \(2 files skipped\)/);
    const half = join(root, 'half');
    await writeTree(half, { 'A/x.png': patternPng(4, 0), 'B/y.txt': 'y' });
    await expect(loadImageFolder(half)).rejects.toThrow(/half: class folder "B" has no readable images/);
    await expect(loadImageFolder(join(root, 'missing'))).rejects.toThrow(NotFoundError);
    const file = join(root, 'file.png');
    await writeFile(file, patternPng(4, 0));
    await expect(loadImageFolder(file)).rejects.toThrow(/file\.png: is a file; expected a folder/);
    await expect(loadImageFolder(good, { channels: 2 as never })).rejects.toThrow(/channels must be 1 or 3, got 2/);
    await expect(loadImageFolder(good, { size: 0 })).rejects.toThrow(/size must be an integer >= 1, got 0/);
  });
});

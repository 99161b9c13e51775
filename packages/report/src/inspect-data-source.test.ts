import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSplitSummary } from './format-split-summary.js';
import { inspectDataSource, writeDatasetPreview } from './inspect-data-source.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-inspect-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** An IDX file of `count` unsigned-byte items of shape `dims`. */
function idx(dims: number[], values: number[]): Uint8Array {
  const header = [0, 0, 0x08, dims.length, ...dims.flatMap((d) => [(d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])];
  return Uint8Array.from([...header, ...values]);
}

describe('inspectDataSource', () => {
  it('summarises a dataset per split, and previews its first training images', async () => {
    const found = await inspectDataSource('mnist-10k');
    if (found.kind !== 'dataset') throw new Error('expected a dataset');
    expect(found.splits.train).toMatchObject({ examples: 8000, shape: [28, 28, 1], numClasses: 10 });
    expect(formatSplitSummary('train', found.splits.train)).toMatch(/^train: 8000 examples, shape 28x28x1 \(1 channel\), float32\n {2}values min 0 max 1 mean 0\.\d+ std 0\.\d+\n {2}10 classes: 0:\d+ 1:\d+/);
    const file = join(dir, 'preview.png');
    expect(await writeDatasetPreview(file, found, 16)).toBe(16);
    expect(decode(await readFile(file)).width).toBeGreaterThan(28 * 4);
  });

  it('reads idx:FILE as one IDX file, and previews images but not labels', async () => {
    await writeFile(join(dir, 'images.idx'), idx([2, 2, 2], [0, 255, 255, 0, 10, 20, 30, 40]));
    await writeFile(join(dir, 'labels.idx'), idx([2], [3, 7]));
    const images = await inspectDataSource(`idx:${join(dir, 'images.idx')}`);
    expect(images).toMatchObject({ kind: 'idx', summary: { kind: 'images', examples: 2 } });
    expect(await writeDatasetPreview(join(dir, 'images.png'), images)).toBe(2);
    const labels = await inspectDataSource(`idx:${join(dir, 'labels.idx')}`);
    expect(labels).toMatchObject({ kind: 'idx', summary: { kind: 'labels', examples: 2, classCounts: [0, 0, 0, 1, 0, 0, 0, 1] } });
    expect(await writeDatasetPreview(join(dir, 'labels.png'), labels)).toBe(0);
    expect(formatSplitSummary('labels', labels.kind === 'idx' ? labels.summary : (undefined as never))).toMatch(/^labels: 2 examples/);
  });
});

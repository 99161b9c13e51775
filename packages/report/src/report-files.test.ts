import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { svgElements } from '@nnlab/testing';
import { PNG } from 'pngjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetPreview } from './dataset-preview.js';
import { base64, encodePng, tileImages } from './image-grid.js';
import { summarizeSplit, valueStats } from './split-summary.js';
import { type CurvePoint } from './training-curves.js';
import { trainingReportFiles } from './training-report-files.js';
import { writeTrainingReport } from './write-training-report.js';

const curves: CurvePoint[] = [1, 2, 3].flatMap((epoch) => [
  { examples: epoch * 100, epoch, split: 'train' as const, loss: 2 / epoch, error: 0.5 / epoch },
  { examples: epoch * 100, epoch, split: 'validation' as const, loss: 2.2 / epoch, error: 0.6 / epoch },
]);

describe('PNG bytes', () => {
  it('encodes an RGBA image that pngjs decodes to the same pixels, and base64 matches Node', () => {
    const grid = tileImages(Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i), 2, [3, 4, 1], { columns: 2, gap: 1, frame: () => [255, 0, 0] });
    const png = encodePng(grid);
    expect(png).toBeInstanceOf(Uint8Array);
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([decoded.width, decoded.height]).toEqual([grid.width, grid.height]);
    expect(Uint8Array.from(decoded.data)).toEqual(grid.data);
    expect(base64(png)).toBe(Buffer.from(png).toString('base64'));
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 255); // more than one 32 KiB slice
    expect(base64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});

describe('training report', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
  });
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('builds the files in memory, index.html last, showing every figure', async () => {
    const model = buildModel('mlp:16-6-3', { rng: new Rng(1) });
    try {
      const images = Float32Array.from({ length: 5 * 16 }, (_, i) => (i % 7) / 7);
      const files = await trainingReportFiles({
        title: 'tiny <run>',
        curves,
        model,
        inputShape: [4, 4, 1],
        details: { model: 'mlp:16-6-3' },
        predictions: { images, shape: [4, 4, 1], labels: [0, 1, 2, 0, 1], predicted: [0, 1, 1, 0, 1] },
      });
      expect(files.map((f) => f.name)).toEqual(['loss.svg', 'error.svg', 'predictions.png', 'predictions.svg', 'first-layer.png', 'index.html']);
      const byName = new Map(files.map((f) => [f.name, f.data]));
      expect(svgElements(byName.get('loss.svg') as string).filter((e) => e === 'path').length).toBeGreaterThan(2);
      const weights = PNG.sync.read(Buffer.from(byName.get('first-layer.png') as Uint8Array));
      expect([weights.width, weights.height]).toEqual([3 * 6 + 2, 2 * 6 + 2]); // 6 units of 4x4 in 3 columns, 2-pixel gaps
      const html = byName.get('index.html') as string;
      for (const name of ['loss.svg', 'error.svg', 'predictions.svg', 'first-layer.png']) expect(html).toContain(`src="${name}"`);
      expect(html).toContain('tiny &#60;run&#62;');
    } finally {
      model.dispose();
    }
  });

  it('writes the files into a new folder and returns their paths', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'nnlab-report-')), 'nested', 'report');
    dirs.push(dir);
    const paths = await writeTrainingReport(dir, { title: 'curves only', curves });
    expect(paths).toEqual(['loss.svg', 'error.svg', 'index.html'].map((f) => join(dir, f)));
    expect((await readdir(dir)).sort()).toEqual(['error.svg', 'index.html', 'loss.svg']); // no temporary file left
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain('curves only');
  });
});

describe('dataset summaries', () => {
  it('gives min, max, mean and population std, and NaN for no values', () => {
    expect(valueStats([0, 1])).toEqual({ min: 0, max: 1, mean: 0.5, std: 0.5 });
    expect(valueStats([])).toEqual({ min: Number.NaN, max: Number.NaN, mean: Number.NaN, std: Number.NaN });
  });

  it('counts examples per class and has null statistics for an empty split', () => {
    const split = { images: new Float32Array([0, 1, 1, 1]), labels: Int32Array.from([2, 0, 2, 2]), count: 4, shape: [1, 1, 1] as const, numClasses: 3 };
    expect(summarizeSplit(split)).toMatchObject({ examples: 4, classCounts: [1, 0, 3], channels: 1, pixels: { min: 0, max: 1, mean: 0.75 } });
    expect(summarizeSplit({ ...split, images: new Float32Array(0), labels: new Int32Array(0), count: 0 }).pixels).toBeNull();
  });

  it('previews the first images in rows of 8 with a caption strip, and nothing for no images', () => {
    const values = new Float32Array(10 * 4 * 4).map((_, i) => i % 3);
    const grid = datasetPreview(values, 10, [4, 4, 1], { labels: Int32Array.from({ length: 10 }, (_, i) => i) });
    const scale = 14; // 56 / 4
    expect(grid?.width).toBe(8 * (4 * scale + 2) + 2);
    expect(grid?.height).toBeGreaterThan(2 * (4 * scale + 2));
    expect(datasetPreview(values, 0, [4, 4, 1])).toBeUndefined();
    expect(datasetPreview(values, 10, [4, 4, 1], { count: 3 })?.width).toBe(3 * (4 * scale + 2) + 2);
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFashionMnist, readIdxFile } from '@nnlab/datasets/node';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notmnistMlp } from './notmnist-mlp.js';
import { loadNotmnistData, notmnistExportDirectory } from './load-notmnist-data.js';
import { notmnistVariants } from './notmnist-variants.js';

const haveFashion = (await findFashionMnist()) !== undefined;
if (!haveFashion) console.log('notmnist-mlp Fashion-MNIST test skipped: Fashion-MNIST not found (apt install dataset-fashion-mnist; tools/setup.sh does)');

const LETTERS = 'ABCDEFGHIJ';
const PER_LETTER = 8;

/** A 28x28 gray PNG: letter `k` is a bright horizontal bar at row 2k+3, plus a little per-image noise. */
function letterPng(k: number, index: number): Buffer {
  const png = new pngjs.PNG({ width: 28, height: 28, colorType: 0, inputHasAlpha: true });
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const v = Math.abs(y - (2 * k + 3)) <= 1 ? 230 : ((x * 7 + y * 3 + index * 11) % 40);
      png.data.set([v, v, v, 255], (y * 28 + x) * 4);
    }
  }
  return pngjs.PNG.sync.write(png, { colorType: 0, inputHasAlpha: true });
}

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'notmnist-lab-'));
  for (let k = 0; k < LETTERS.length; k++) {
    const dir = join(root, 'letters', LETTERS[k] as string);
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < PER_LETTER; i++) await writeFile(join(dir, `img${i}.png`), letterPng(k, i));
  }
});
afterAll(async () => {
  if (root !== '') await rm(root, { recursive: true, force: true });
});

describe('notmnist-mlp lab', () => {
  it('trains the three variants on a notMNIST-layout folder, writes their figures and exports the split for the twin', async () => {
    const outDir = join(root, 'out');
    const spec = `folder:${join(root, 'letters')}`;
    const exportRoot = join(root, 'export');
    // The lab exports to the checkout's .cache; check the same export with a private root first.
    const data = await loadNotmnistData(spec, { seed: 3, exportRoot });
    expect([data.train.count, data.test.count, data.substitute]).toEqual([64, 16, false]);
    const exported = await readIdxFile(join(notmnistExportDirectory(spec, 3, exportRoot), 'test-labels.idx'));
    expect(Array.from(exported.data)).toEqual(Array.from(data.test.labels));

    const result = await notmnistMlp.run({ backend: 'wasm', quick: true, seed: 3, outDir, data: spec, log: () => {} });
    expect(result.rows.map((row) => row.variant)).toEqual(notmnistVariants().map((v) => v.variant));
    for (const row of result.rows) {
      expect(row.metric).toBe('test accuracy %');
      expect(row.value).toBeGreaterThanOrEqual(0);
      expect(row.value).toBeLessThanOrEqual(100);
      expect(row.seconds).toBeGreaterThan(0);
    }
    for (const variant of notmnistVariants()) expect(existsSync(join(outDir, variant.folder, 'loss.svg')), variant.folder).toBe(true);
    expect(existsSync(join(outDir, 'accuracy.svg'))).toBe(true);
    expect(result.notes.join(' ')).not.toContain('Fashion-MNIST');
    await rm(notmnistExportDirectory(spec, 3), { recursive: true, force: true });
  }, 60_000);

  it.skipIf(!haveFashion)('falls back to a Fashion-MNIST subset without a folder (needs Fashion-MNIST) and says so', async () => {
    const data = await loadNotmnistData(undefined, { seed: 0, trainLimit: 100, testLimit: 50 });
    expect([data.train.count, data.test.count, data.train.shape, data.substitute]).toEqual([100, 50, [28, 28, 1], true]);
    expect(data.description).toContain('Fashion-MNIST');
  });

  it('rejects data that is not a folder, naming it', async () => {
    await expect(loadNotmnistData('mat:x.mat', { seed: 0 })).rejects.toThrow(/--data must be folder:DIR.*"mat:x\.mat"/);
  });
});

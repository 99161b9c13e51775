import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFashionMnist } from '@nnlab/datasets/node';
import { afterAll, describe, expect, it } from 'vitest';
import { cnnFashion } from './cnn-fashion.js';
import { cnnFashionVariants, withEpochs } from './cnn-fashion-variants.js';

const haveFashion = (await findFashionMnist()) !== undefined;
if (!haveFashion) console.log('cnn-fashion lab test skipped: Fashion-MNIST not found (apt install dataset-fashion-mnist; tools/setup.sh does)');

describe.skipIf(!haveFashion)('cnn-fashion lab (needs Fashion-MNIST)', () => {
  let outDir = '';
  afterAll(async () => {
    if (outDir !== '') await rm(outDir, { recursive: true, force: true });
  });

  it('trains the quick variants above chance and writes curves, predictions and the sweep table', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'cnn-fashion-'));
    const result = await cnnFashion.run({ backend: 'wasm', quick: true, seed: 0, outDir, log: () => {} });
    expect(result.rows.map((row) => row.variant)).toEqual(cnnFashionVariants(true).map((v) => v.variant));
    for (const row of result.rows) {
      expect(row.metric).toBe('test accuracy % after 1 epoch');
      // 16 steps of 64 images: far from trained, but well above 10% chance.
      expect(row.value).toBeGreaterThan(25);
      expect(row.seconds).toBeGreaterThan(0);
    }
    for (const file of ['cnn/loss.svg', 'cnn/error.svg', 'cnn/predictions.png', 'sweep.md', 'sweep.svg']) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
    expect(await readFile(join(outDir, 'cnn', 'predictions.svg'), 'utf8')).toMatch(/30 test images, predicted class above the true one \(grey\): \d+ wrong/);
    expect(await readFile(join(outDir, 'sweep.md'), 'utf8')).toMatch(/\| 0\.1 \| \d+\.\d\d \(\d\.\d{3}\) \|/);
  }, 60_000);

  it('--only trains just the chosen variants, --epochs for longer, and writes no sweep files without sweep runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-fashion-only-'));
    try {
      const names = cnnFashion.variantNames?.(true) ?? [];
      expect(names).toEqual(cnnFashionVariants(true).map((v) => v.variant));
      const result = await cnnFashion.run({ backend: 'wasm', quick: true, seed: 0, outDir: dir, only: ['cnn,'], epochs: 2, log: () => {} });
      expect(result.rows.map((row) => `${row.variant}: ${row.metric}`)).toEqual(['cnn, lr 0.01, wd 1e-4: test accuracy % after 1 epoch', 'cnn, lr 0.01, wd 1e-4: test accuracy % after 2 epochs']);
      expect(existsSync(join(dir, 'sweep.md'))).toBe(false);
      expect(result.notes.some((note) => note.startsWith('Sweep:'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('withEpochs', () => {
  const sweep = cnnFashionVariants(false).find((v) => v.variant === 'sweep cnn, lr 0.01, wd 0.04');
  it('trains longer with a row after the last epoch, and keeps the earlier rows', () => {
    expect(sweep).toBeDefined();
    if (sweep === undefined) return;
    expect(withEpochs(sweep, undefined)).toBe(sweep);
    expect(withEpochs(sweep, 8)).toMatchObject({ epochs: 8, reportAt: [2, 4, 8] });
    expect(withEpochs(sweep, 4)).toMatchObject({ epochs: 4, reportAt: [2, 4] });
    expect(withEpochs(sweep, 3)).toMatchObject({ epochs: 3, reportAt: [2, 3] });
  });
});

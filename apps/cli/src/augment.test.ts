import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

/** An 8x8 gray PNG: a vertical (class "bar-v") or horizontal ("bar-h") white bar at `at`. */
function barPng(vertical: boolean, at: number): Buffer {
  const png = new pngjs.PNG({ width: 8, height: 8 });
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const on = (vertical ? x : y) === at ? 255 : 0;
      png.data.set([on, on, on, 255], (y * 8 + x) * 4);
    }
  }
  return pngjs.PNG.sync.write(png, { colorType: 0 });
}

describe('nnlab train on folder: datasets', () => {
  let root = '';
  let bars = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-cli-folder-'));
    bars = join(root, 'bars');
    for (const [name, vertical] of [['bar-h', false], ['bar-v', true]] as const) {
      await mkdir(join(bars, name), { recursive: true });
      for (let i = 0; i < 20; i++) await writeFile(join(bars, name, `${i}.png`), barPng(vertical, 1 + (i % 6)));
    }
    await writeFile(join(bars, 'bar-h', 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    await writeFile(join(bars, 'README.txt'), 'made by the test');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('trains a tiny MLP for one epoch with --augment and warns about skipped files', async () => {
    const io = captureOutput();
    const argv = ['train', '--model', 'mlp:64-16-2', '--dataset', `folder:${bars}`, '--backend', 'cpu', '--epochs', '1', '--batch-size', '8', '--augment', '--json'];
    const code = await main(argv, io);
    expect(io.err()).toMatch(/^nnlab: warning: --dataset folder:.*bars: skipped 2 files: .*README\.txt \(not a class folder.*\); .*broken\.png \(/);
    expect(io.err().trim().split('\n').filter((line) => line.startsWith('nnlab:'))).toHaveLength(1);
    expect(code).toBe(0);
    const result = io.lastJson();
    expect(result).toMatchObject({ command: 'train', model: 'mlp:64-16-2', augment: true, trainExamples: 29, validationExamples: 3, testExamples: 8 });
    expect((result.history as unknown[]).length).toBe(1);
    expect(Number.isFinite(result.testLoss)).toBe(true);
    // Same seed without --augment: same shuffle, different pixels, so a different training loss.
    const plain = captureOutput();
    expect(await main(argv.filter((a) => a !== '--augment'), plain)).toBe(0);
    const plainResult = plain.lastJson();
    expect(plainResult.augment).toBe(false);
    const loss = (r: Record<string, unknown>): number => (r.history as Array<{ loss: number }>)[0]?.loss ?? Number.NaN;
    expect(loss(plainResult)).not.toBe(loss(result));
  });

  it('fails with one line naming the folder when it holds no class folders', async () => {
    const flat = join(root, 'flat');
    await mkdir(flat);
    await writeFile(join(flat, 'a.png'), barPng(true, 2));
    const io = captureOutput();
    expect(await main(['train', '--model', 'mlp:64-16-2', '--dataset', `folder:${flat}`, '--backend', 'cpu'], io)).toBe(1);
    expect(io.err()).toMatch(/^nnlab: error: .*flat: has no class sub-folders/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('names an unknown dataset option', async () => {
    const io = captureOutput();
    expect(await main(['train', '--dataset', `folder:${bars},colour=3`, '--backend', 'cpu'], io)).toBe(1);
    expect(io.err()).toMatch(/^nnlab: error: unknown option "colour" in dataset/);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { svgElements } from '@nnlab/testing';
import { captureOutput } from '../test-output.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nnlab train --report / --plot', () => {
  it('writes the labs\' figures and an index page, prints a loss curve, and keeps stdout to the one JSON document', async () => {
    const io = captureOutput();
    const report = join(dir, 'report');
    const argv = ['train', '--model', 'mlp:784-16-10', '--backend', 'cpu', '--epochs', '2', '--limit', '500', '--batch-size', '50'];
    expect(await main([...argv, '--report', report, '--plot', '--json'], io)).toBe(0);
    expect(io.err()).not.toMatch(/nnlab: (error|warning)/);
    expect(io.lastJson()).toMatchObject({ command: 'train', trainExamples: 450, validationExamples: 50 });
    const lines = io.err().trim().split('\n');
    expect(lines.findIndex((l) => l.startsWith('train loss over 2 epochs (900 examples)'))).toBeGreaterThan(0);
    expect(lines.some((l) => /^ +\d\.\d{3} [┼┤]/.test(l))).toBe(true);

    const html = await readFile(join(report, 'index.html'), 'utf8');
    const figures = Array.from(html.matchAll(/<img src="([^"]+)"/g), (m) => m[1]);
    expect(figures).toEqual(['loss.svg', 'error.svg', 'confusion.svg', 'predictions.svg', 'first-layer.png']);
    // The run's settings, and the test split's per-class accuracy under the figures.
    for (const setting of ['learning rate 0.001', '<th>epochs</th><td>2 of 2</td>', '<th>batch size</th><td>50</td>', '<th>seed</th><td>0</td>', '<th>run time</th>', '<th>validation split</th><td>0.1 (50 examples)</td>']) expect(html).toContain(setting);
    expect(html).toContain('Per-class accuracy (test split)');
    expect(html.match(/<tr><td>\d<\/td><td>\d+<\/td><td>\d+<\/td><td>[\d.]+%<\/td><\/tr>/g)).toHaveLength(10);
    expect(html).toContain('mlp:784-16-10');

    for (const file of ['loss.svg', 'error.svg']) {
      const svg = await readFile(join(report, file), 'utf8');
      expect(svgElements(svg).filter((e) => e === 'path').length).toBeGreaterThan(10);
      expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(3); // train, validation, and the test split scored at the end
    }
    const predictions = await readFile(join(report, 'predictions.svg'), 'utf8');
    expect(svgElements(predictions).filter((e) => e === 'text')).toHaveLength(201); // title + predicted and true class per image
    const grid = PNG.sync.read(await readFile(join(report, 'predictions.png')));
    expect([grid.width, grid.height]).toEqual([10 * (56 + 8) + 8, 10 * (56 + 8 + 20) + 8]);
    const confusion = await readFile(join(report, 'confusion.svg'), 'utf8');
    expect(confusion).toContain("Y-axis titled 'true class'");
    const json = io.lastJson() as { confusionMatrix: { classes: string[]; counts: number[][] }; perClassAccuracy: Array<{ examples: number }>; testExamples: number };
    expect(json.confusionMatrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(json.testExamples);
    expect(json.perClassAccuracy.map((c) => c.examples).reduce((a, b) => a + b, 0)).toBe(json.testExamples);
    const weights = PNG.sync.read(await readFile(join(report, 'first-layer.png')));
    expect([weights.width, weights.height]).toEqual([4 * 30 + 2, 4 * 30 + 2]); // 16 hidden units, 28x28 each
  });

  it('prints no chart when stdout is not a terminal and --plot is not given', async () => {
    const io = captureOutput();
    expect(await main(['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--epochs', '1', '--limit', '200', '--json'], io)).toBe(0);
    expect(io.err()).not.toContain('train loss over');
  });

  it('rejects a --limit above the training set', async () => {
    const io = captureOutput();
    expect(await main(['train', '--backend', 'cpu', '--limit', '9000'], io)).toBe(1);
    expect(io.err()).toMatch(/nnlab: error: --limit 9000 is more than the 8000 training examples of --dataset mnist-10k/);
  });
});

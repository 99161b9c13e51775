import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-to-accuracy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nnlab bench --to-accuracy', () => {
  it('trains mnist-mlp on cpu within a 1 s cap, prints the row, writes the chart (SVG, PNG, page) and the JSON', async () => {
    const io = captureOutput();
    const report = join(dir, 'report');
    const code = await main(['bench', '--to-accuracy', '--recipe', 'mnist-mlp', '--backend', 'cpu', '--peers', 'none', '--seeds', '1', '--max-seconds', '1', '--report', report, '--json'], io);
    expect(code, io.err()).toBe(0);
    const json = io.lastJson() as { mode: string; rows: Array<{ contender: string; available: boolean; bestAccuracy: number | null; runs: number }>; recipes: Array<{ target: number; evalEvery: number }> };
    expect(json.mode).toBe('to-accuracy');
    expect(json.recipes[0]).toMatchObject({ target: 0.95, evalEvery: 25 });
    expect(json.rows).toEqual([expect.objectContaining({ contender: 'cpu', available: true, runs: 1 })]);
    expect(json.rows[0]?.bestAccuracy).toBeGreaterThan(0.1);
    // the table goes to stderr with --json, and progress lines say what runs
    expect(io.err()).toMatch(/^ {2}nnlab cpu\s+(not reached|[\d.]+)\s+[01]\/1/m);
    expect(io.err()).toMatch(/^nnlab: to-accuracy \[1\/1\] cpu mnist-mlp seed 0: start; /m);
    expect(io.err()).toMatch(/^nnlab: to-accuracy \[1\/1\] cpu mnist-mlp seed 0: (reached in|not reached in) /m);
    expect(readFileSync(join(report, 'mnist-mlp.svg'), 'utf8')).toMatch(/^<svg[\s\S]*nnlab cpu/);
    expect(readFileSync(join(report, 'index.html'), 'utf8')).toMatch(/mnist-mlp\.svg[\s\S]*mnist-mlp\.png/);
    if (existsSync('/usr/bin/chromium')) expect(readFileSync(join(report, 'mnist-mlp.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 180_000);

  it('names an unknown recipe and the known ones', async () => {
    const io = captureOutput();
    expect(await main(['bench', '--to-accuracy', '--recipe', 'mnist-cnn', '--peers', 'none'], io)).toBe(1);
    expect(io.err()).toMatch(/^nnlab: error: unknown recipe "mnist-cnn".*; known recipes: mnist-mlp, fashion-cnn, jaxjs-mlp, jaxjs-convnet$/m);
  });
});

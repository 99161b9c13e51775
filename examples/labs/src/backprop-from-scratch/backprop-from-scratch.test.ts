import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../activate-backend.js';
import { mnistSplit } from '../mnist-split.js';
import { backpropFromScratch } from './backprop-from-scratch.js';
import { encodeMat } from './write-mat.test-helper.js';

describe('backprop-from-scratch lab (quick, wasm)', () => {
  let outDir = '';
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'lab-backprop-'));
    await activateBackend({ backend: 'wasm' });
  });
  afterAll(async () => rm(outDir, { recursive: true, force: true }));

  it('checks gradients to float32 precision, trains above chance, draws the hidden units, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const result = await backpropFromScratch.run({ backend: 'wasm', quick: true, seed: 0, outDir, log: () => {} });
    expect(tf.memory().numTensors).toBe(before);
    const value = (variant: string, metric: string): number => result.rows.find((r) => r.variant === variant && r.metric === metric)?.value ?? Number.NaN;
    // The PyTorch float32 figures: ~7e-5 at eps 1e-2, ~6e-4 at 1e-3; a wrong gradient gives 1e-1 or more.
    for (const lambda of [0, 3]) {
      expect(value(`gradcheck 3-5-3, lambda ${lambda}, eps 0.01`, 'relative difference')).toBeLessThan(5e-4);
      expect(value(`gradcheck 3-5-3, lambda ${lambda}, eps 0.001`, 'relative difference')).toBeLessThan(5e-3);
    }
    // 100 full-batch steps on 500 digits: lambda 0 and 1 learn (chance is 10%); lambda 50 (0.1 per weight at m = 500) underfits.
    expect(value('lambda 0', 'training accuracy %')).toBeGreaterThan(50);
    expect(value('lambda 1', 'training accuracy %')).toBeGreaterThan(50);
    expect(value('lambda 50', 'training accuracy %')).toBeLessThan(value('lambda 1', 'training accuracy %'));
    const png = await readFile(join(outDir, 'hidden-weights.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(result.files).toContain(join(outDir, 'cost.svg'));
  }, 120_000);

  it('reads ex4-style .mat data and weights (column-major pixels, label 10 for the digit 0)', async () => {
    const { test } = await mnistSplit(0, { size: 20 });
    const m = 40;
    // X as ex4 stores it: each row is the image's pixels column by column; y in 1..10.
    const xColumnMajor = new Float64Array(m * 400);
    for (let i = 0; i < m; i++) for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) xColumnMajor[i * 400 + c * 20 + r] = test.images[i * 400 + r * 20 + c] as number;
    const y = Array.from(test.labels.subarray(0, m), (label) => (label === 0 ? 10 : label));
    // Random ex4 weights; the expected cost is computed here in float64 straight from ex4's formula on the stored layout.
    const rng = new Rng(7);
    const theta1 = Float64Array.from({ length: 25 * 401 }, () => (rng.float() - 0.5) * 0.2);
    const theta2 = Float64Array.from({ length: 10 * 26 }, () => rng.float() - 0.5);
    let cost = 0;
    for (let i = 0; i < m; i++) {
      const hidden = [1];
      for (let u = 0; u < 25; u++) {
        let z = theta1[u * 401] as number;
        for (let k = 0; k < 400; k++) z += (theta1[u * 401 + 1 + k] as number) * (xColumnMajor[i * 400 + k] as number);
        hidden.push(1 / (1 + Math.exp(-z)));
      }
      for (let k = 0; k < 10; k++) {
        const z = hidden.reduce((s, h, j) => s + h * (theta2[k * 26 + j] as number), 0);
        const h = 1 / (1 + Math.exp(-z));
        cost -= y[i] === k + 1 ? Math.log(h) : Math.log(1 - h);
      }
    }
    cost /= m;
    const data = join(outDir, 'ex4data1.mat');
    const weights = join(outDir, 'ex4weights.mat');
    await writeFile(data, encodeMat({ X: { rows: m, cols: 400, data: xColumnMajor }, y: { rows: m, cols: 1, data: y } }));
    await writeFile(weights, encodeMat({ Theta1: { rows: 25, cols: 401, data: theta1 }, Theta2: { rows: 10, cols: 26, data: theta2 } }));
    const result = await backpropFromScratch.run({ backend: 'wasm', quick: true, seed: 0, outDir, data: `mat:${data},weights=${weights}`, log: () => {} });
    const note = result.notes.find((n) => n.startsWith('ex4weights.mat: cost'));
    const reported = Number(/cost ([\d.]+) \(lambda 0\)/.exec(note ?? '')?.[1]);
    expect(reported).toBeCloseTo(cost, 4);
    expect(result.rows.some((r) => r.variant === 'ex4weights.mat' && r.metric === 'training accuracy %')).toBe(true);
    expect(result.rows.some((r) => r.metric === 'test accuracy %')).toBe(false); // ex4 trains on all of its data
  }, 120_000);
});

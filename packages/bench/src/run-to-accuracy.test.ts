import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { fitContender } from './fit-contender.js';
import { formatToAccuracyTable } from './format-to-accuracy-table.js';
import { jaxJsContender } from './jax-js-contender.js';
import type { RecipeData } from './recipe-data.js';
import { type Recipe, selectRecipes } from './recipes.js';
import { runToAccuracy } from './run-to-accuracy.js';
import { tfjsLayersContender } from './tfjs-layers-contender.js';

/** Tiny, easy data: the class is which of ten pixel bands is bright. */
function bands(count: number): RecipeData['train'] {
  const images = new Float32Array(count * 784);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    for (let p = 0; p < 78; p++) images[i * 784 + (i % 10) * 78 + p] = 1;
  }
  return { images, labels, count, shape: [28, 28, 1], numClasses: 10 };
}

const data: RecipeData = { train: bands(200), test: bands(100), seconds: 0, source: 'bands' };
const recipe: Recipe = { ...(selectRecipes(['mnist-mlp'])[0] as Recipe), batchSize: 20, evalEvery: 2, target: 0.9 };

describe('runToAccuracy', () => {
  it('trains nnlab (fit on cpu), tfjs-layers and jax-js to the target, seeds interleaved, no tensors left behind', async () => {
    await cpuBackend.activate();
    const before = tf.memory().numTensors;
    const order: string[] = [];
    const report = await runToAccuracy({
      recipes: [recipe],
      contenders: [fitContender(cpuBackend), tfjsLayersContender(cpuBackend, 'cpu'), jaxJsContender()],
      seeds: [0, 1],
      maxSeconds: 30,
      loadData: async () => data,
      onProgress: (event) => event.type === 'start' && order.push(`${event.contender}/${event.seed}`),
    });
    expect(order).toEqual(['cpu/0', 'tfjs-layers (cpu)/0', 'jax-js/0', 'cpu/1', 'tfjs-layers (cpu)/1', 'jax-js/1']);
    for (const row of report.rows) {
      expect(row, row.contender).toMatchObject({ available: true, reachedRuns: 2, runs: 2 });
      expect(row.seconds).toBeGreaterThan(0);
      expect(row.bestAccuracy).toBeGreaterThanOrEqual(0.9);
      // evaluations happen every 2 steps, so the target is met on an even step
      expect(row.seedRuns.every((r) => r.steps % 2 === 0 && r.curve.every((p) => p.step % 2 === 0))).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(formatToAccuracyTable(report)).toMatch(/^ {2}nnlab cpu\s+[\d.]+\s+2\/2\s+\d+/m);
  }, 120_000);

  it('stops at the cap with "not reached" and a best accuracy from one last evaluation', async () => {
    const report = await runToAccuracy({
      recipes: [{ ...recipe, target: 1.01, evalEvery: 1_000_000 }],
      contenders: [fitContender(cpuBackend)],
      seeds: [0],
      maxSeconds: 0.5,
      loadData: async () => data,
    });
    expect(report.rows[0]).toMatchObject({ seconds: null, reachedRuns: 0, runs: 1 });
    expect(report.rows[0]?.bestAccuracy).toBeGreaterThan(0);
    expect(formatToAccuracyTable(report)).toMatch(/^ {2}nnlab cpu\s+not reached\s+0\/1/m);
  }, 60_000);

  it('skips the seeds left once most seeds missed the target (the median is "not reached" either way)', async () => {
    const scripted = (name: string, reachedBySeed: readonly boolean[]) => ({
      name,
      kind: 'peer' as const,
      unavailableReason: async () => undefined,
      train: async (_recipe: Recipe, _data: RecipeData, { seed }: { seed: number }) => {
        const reached = reachedBySeed[seed] ?? false;
        return { reached, seconds: reached ? 1 + seed : null, steps: 10, epochs: 1, bestAccuracy: reached ? 0.95 : 0.5, trainSeconds: 1, dataSeconds: 0, curve: [] };
      },
    });
    const order: string[] = [];
    const report = await runToAccuracy({
      recipes: [recipe],
      contenders: [scripted('never', [false, false, false]), scripted('late', [false, true, true]), scripted('always', [true, true, true])],
      seeds: [0, 1, 2],
      maxSeconds: 1,
      loadData: async () => data,
      onProgress: (event) => event.type === 'start' && order.push(`${event.contender}/${event.seed}`),
    });
    expect(order).toEqual(['never/0', 'late/0', 'always/0', 'never/1', 'late/1', 'always/1', 'late/2', 'always/2']);
    expect(report.rows.map((row) => [row.contender, row.runs, row.reachedRuns, row.seconds])).toEqual([
      ['never', 2, 0, null],
      ['late', 3, 2, 3],
      ['always', 3, 3, 2],
    ]);
  });

  it('gives a row with the reason when the data or a contender is missing', async () => {
    const missing = { name: 'ghost', kind: 'peer' as const, unavailableReason: async () => 'not installed (apt-get install ghost)', train: async () => Promise.reject(new Error('unreachable')) };
    const report = await runToAccuracy({ recipes: [recipe], contenders: [missing], seeds: [0], maxSeconds: 1, loadData: async () => 'no data here' });
    expect(report.recipes[0]?.reason).toBe('no data here');
    expect(report.rows[0]).toMatchObject({ contender: 'ghost', available: false, reason: 'no data here' });
    expect(report.contenders[0]).toMatchObject({ name: 'ghost', reason: 'not installed (apt-get install ghost)' });
  });
});

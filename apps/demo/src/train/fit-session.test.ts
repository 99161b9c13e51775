import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import type { ImageDataset } from '@nnlab/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FitSession, type TrainingProgress } from './fit-session.js';

/** `count` random 28x28 images whose label is the brightest tenth of the image (learnable, and fast). */
function images(count: number, seed: number): ImageDataset {
  const rng = new Rng(seed);
  const pixels = new Float32Array(count * 784);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = rng.int(10);
    for (let p = 0; p < 784; p++) pixels[i * 784 + p] = rng.float() * 0.2 + (Math.floor(p / 78.4) === labels[i] ? 0.8 : 0);
  }
  return { images: pixels, labels, count, shape: [28, 28, 1], numClasses: 10 };
}

const settings = { model: 'mlp:784-16-10', optimizer: 'adam', learningRate: 0.01, batchSize: 16, seed: 1 };

describe('FitSession (the demo page training, in Node on cpu)', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
  });

  it('stops after the epochs asked for, reports test loss and accuracy, and goes on when asked for more', async () => {
    const session = new FitSession(settings, images(64, 1), images(40, 2));
    const before = tf.memory().numTensors;
    const reports: TrainingProgress[] = [];
    const first = await session.run({ epochs: 2, reportEveryMs: 0, evaluateEverySteps: 3, onProgress: (p) => reports.push(p) });
    expect(first).toEqual({ finished: true });
    // 64 images in batches of 16: 4 steps an epoch.
    expect(session.steps).toBe(8);
    expect(session.epochsDone).toBe(2);
    expect(session.canContinue(2)).toBe(false);
    expect(session.canContinue(3)).toBe(true);
    expect(reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reports.map((r) => r.epoch)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    // The first step, every third step after it and the last one evaluate the test subset: loss and accuracy together.
    const evaluated = reports.filter((r) => r.testLoss !== undefined);
    expect(evaluated.map((r) => r.step)).toEqual([1, 4, 7, 8]);
    for (const r of evaluated) {
      expect(r.testLoss).toBeGreaterThan(0);
      expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(r.testAccuracy).toBeLessThanOrEqual(1);
    }
    expect(reports.every((r) => (r.testLoss === undefined) === (r.testAccuracy === undefined))).toBe(true);
    // Pressing Train again with the same epochs does nothing; raising them continues from step 8.
    expect(await session.run({ epochs: 2 })).toEqual({ finished: true });
    expect(session.steps).toBe(8);
    reports.length = 0;
    expect(await session.run({ epochs: 3, reportEveryMs: 0, onProgress: (p) => reports.push(p) })).toEqual({ finished: true });
    expect(reports.map((r) => r.step)).toEqual([9, 10, 11, 12]);
    expect(session.epochsDone).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    session.dispose();
  });

  it('reports every reportEverySteps steps however fast they run, and at the end', async () => {
    const session = new FitSession(settings, images(64, 1), images(40, 2));
    const reports: TrainingProgress[] = [];
    // An hour between timed reports: only the step count (and the last step) can trigger one.
    await session.run({ epochs: 2, reportEveryMs: 3_600_000, reportEverySteps: 3, onProgress: (p) => reports.push(p) });
    expect(reports.map((r) => r.step)).toEqual([3, 6, 8]);
    session.dispose();
  });

  it('a run stopped by maxSteps mid-epoch finishes that epoch count when resumed, even with fewer epochs asked for', async () => {
    const session = new FitSession(settings, images(64, 1), images(40, 2));
    expect(await session.run({ epochs: 3, maxSteps: 6 })).toEqual({ finished: false });
    expect(session.steps).toBe(6);
    expect(session.epochsDone).toBe(1);
    expect(session.canContinue(1)).toBe(true);
    // Epoch 2 is in progress: asking for 1 epoch still completes it.
    expect(await session.run({ epochs: 1 })).toEqual({ finished: true });
    expect(session.steps).toBe(8);
    expect(session.epochsDone).toBe(2);
    session.dispose();
  });
});

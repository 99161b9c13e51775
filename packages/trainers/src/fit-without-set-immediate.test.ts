import { afterEach, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { createImageDataset, DataLoader, type ImageDataset } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { mlp } from '@nnlab/models';
import { adam } from '@nnlab/optimizers';
import { fit } from './fit.js';

/** Random 2x2 "images" with 3 classes: what is learned does not matter here, only that steps run. */
function noiseDataset(count: number, seed: number): ImageDataset {
  const rng = new Rng(seed);
  const images = Float32Array.from({ length: count * 4 }, () => rng.normal(0, 1));
  const labels = Int32Array.from({ length: count }, () => rng.int(3));
  return createImageDataset({ images, labels, shape: [2, 2, 1], numClasses: 3 });
}

function smallModel(seed: number): Module {
  return mlp([4, 6, 3], { rng: new Rng(seed) });
}

// Browsers have no setImmediate: fit must not need it (the browser soak found a fit that yielded with
// setImmediate and failed in every page with "setImmediate is not defined").
const saved = globalThis.setImmediate;
afterEach(() => {
  globalThis.setImmediate = saved;
});

describe('fit without setImmediate (as in a browser)', () => {
  it('trains', async () => {
    await cpuBackend.activate();
    // @ts-expect-error: removed on purpose, as in a page
    delete globalThis.setImmediate;
    expect(typeof setImmediate).toBe('undefined');
    const model = smallModel(1);
    const optimizer = adam(model, { learningRate: 0.01 });
    const train = new DataLoader(noiseDataset(24, 9), { batchSize: 8, shuffle: true, rng: new Rng(1), flatten: true });
    const history = await fit(model, optimizer, { train, epochs: 2 });
    expect(history.epochs).toHaveLength(2);
    optimizer.dispose();
    model.dispose();
  });

  it('gives timers turns while it trains: an AbortSignal fired from a timer stops it mid-epoch', async () => {
    await cpuBackend.activate();
    const model = smallModel(1);
    const optimizer = adam(model, { learningRate: 0.01 });
    // 150 short steps: far longer in all than FIT_TURN_EVERY_MS, each much shorter.
    const train = new DataLoader(noiseDataset(600, 9), { batchSize: 4, shuffle: true, rng: new Rng(1), flatten: true });
    const controller = new AbortController();
    let ticks = 0;
    const tick = (): void => {
      ticks += 1;
      if (ticks === 3) controller.abort();
      else timer = setTimeout(tick, 0);
    };
    let timer = setTimeout(tick, 0);
    const history = await fit(model, optimizer, { train, epochs: 1, signal: controller.signal });
    clearTimeout(timer);
    expect(ticks).toBe(3);
    expect(history.interrupted?.batchesDone).toBeGreaterThan(0);
    expect(history.interrupted?.batchesDone).toBeLessThan(150);
    optimizer.dispose();
    model.dispose();
  });
});

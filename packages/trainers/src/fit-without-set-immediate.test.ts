import { afterEach, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { adam } from '@nnlab/optimizers';
import { blobDataset, smallModel } from './checkpoint/checkpoint.test-helper.js';
import { fit } from './fit.js';

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
    const train = new DataLoader(blobDataset(24, 9), { batchSize: 8, shuffle: true, rng: new Rng(1), flatten: true });
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
    const train = new DataLoader(blobDataset(600, 9), { batchSize: 4, shuffle: true, rng: new Rng(1), flatten: true });
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

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
});

import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradcheckRandomBatch } from './gradcheck-random-batch.js';

beforeAll(async () => {
  await cpuBackend.activate();
});

describe('gradcheckRandomBatch', () => {
  it('checks a model on seeded random data once per L2 strength, passing, and leaks no tensor', async () => {
    const rng = new Rng(0);
    const model = buildModel('mlp:3-5-3,activation=tanh', { rng: rng.fork('model') });
    const before = tf.memory().numTensors;
    const runs = await gradcheckRandomBatch(model, { inputShape: [3], classes: 3, batch: 5, rng: rng.fork('data'), l2: [0, 0.1] });
    expect(tf.memory().numTensors).toBe(before);
    expect(runs.map((r) => r.l2)).toEqual([0, 0.1]);
    for (const run of runs) expect(run.maxRelativeDifference).toBeLessThan(5e-3);
    // The same seed draws the same data: the same numbers again.
    const again = await gradcheckRandomBatch(model, { inputShape: [3], classes: 3, batch: 5, rng: new Rng(0).fork('data'), l2: [0] });
    expect(again[0]?.maxRelativeDifference).toBe(runs[0]?.maxRelativeDifference);
    model.dispose();
  });

  it('names a bad batch size', async () => {
    const model = buildModel('mlp:3-5-3', { rng: new Rng(0) });
    await expect(gradcheckRandomBatch(model, { inputShape: [3], classes: 3, batch: 0, rng: new Rng(0) })).rejects.toThrow(/batch/);
    model.dispose();
  });
});

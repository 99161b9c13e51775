import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng, TrainingDivergedError } from '@nnlab/core';
import { mlp } from '@nnlab/models';
import { adam } from '@nnlab/optimizers';
import { fit } from './fit.js';
import { createTrainStep } from './train-step.js';
import type { Batch } from './types.js';

const good = (seed: number): Batch => {
  const rng = new Rng(seed);
  return { x: tf.tensor2d(Array.from({ length: 16 }, () => rng.normal(0, 1)), [4, 4]), y: tf.tensor1d([0, 1, 2, 0], 'int32') };
};
const poisoned = (): Batch => ({ x: tf.fill([4, 4], Number.NaN), y: tf.tensor1d([0, 1, 2, 0], 'int32') });
const weights = (model: ReturnType<typeof mlp>): number[][] => model.parameters().map((p) => Array.from(p.dataSync()));

beforeAll(async () => {
  await cpuBackend.activate();
});

describe('fit with NaN/infinite batches', () => {
  it('onNonFinite "skip" drops exactly the poisoned batch: same weights as training without it', async () => {
    const reference = mlp([4, 8, 3], { rng: new Rng(3) });
    await fit(reference, adam(reference, { learningRate: 0.01 }), { train: [good(1), good(2)], epochs: 1 });
    const model = mlp([4, 8, 3], { rng: new Rng(3) });
    const skipped: Array<{ epoch: number; step: number }> = [];
    const before = tf.memory().numTensors;
    const history = await fit(model, adam(model, { learningRate: 0.01 }), {
      train: [good(1), poisoned(), good(2)],
      epochs: 1,
      onNonFinite: 'skip',
      onSkippedBatch: (info) => skipped.push({ epoch: info.epoch, step: info.step }),
    });
    expect(skipped).toEqual([{ epoch: 1, step: 2 }]);
    expect(weights(model)).toEqual(weights(reference));
    expect(Number.isFinite(history.epochs[0]?.loss)).toBe(true);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 8); // adam's moments only
    reference.dispose();
    model.dispose();
  });

  it('onNonFinite "stop" throws before the update, so the weights stay the last good ones', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(3) });
    const optimizer = adam(model, { learningRate: 0.01 });
    await fit(model, optimizer, { train: [good(1)], epochs: 1 });
    const good1 = weights(model);
    await expect(fit(model, optimizer, { train: [poisoned()], epochs: 1 })).rejects.toThrow(/loss became NaN at epoch 1, step 1 .*learning rate 0\.01.*not applied/);
    expect(weights(model)).toEqual(good1);
    model.dispose();
  });

  it('throws TrainingDivergedError when every batch of an epoch is skipped, and rejects unknown modes', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(3) });
    await expect(fit(model, adam(model), { train: [poisoned(), poisoned()], epochs: 1, onNonFinite: 'skip' })).rejects.toThrow(TrainingDivergedError);
    await expect(fit(model, adam(model), { train: [], epochs: 1, onNonFinite: 'ignore' as 'skip' })).rejects.toThrow(/onNonFinite must be "stop" or "skip"/);
    model.dispose();
  });

  it('createTrainStep skipNonFinite also catches an infinite gradient with a finite loss', () => {
    const model = mlp([4, 3], { rng: new Rng(3) });
    const optimizer = adam(model, { learningRate: 0.01 });
    const before = weights(model);
    // A finite loss whose gradient is Infinity.
    const infiniteGradient = tf.customGrad((...inputs) => {
      const logits = inputs[0] as tf.Tensor;
      return { value: tf.mul(tf.sum(logits), 0), gradFunc: () => tf.fill(logits.shape, Number.POSITIVE_INFINITY) };
    });
    const step = createTrainStep(model, optimizer, (logits) => infiniteGradient(logits) as tf.Scalar, { skipNonFinite: true });
    const x = tf.ones([2, 4]);
    const y = tf.tensor1d([0, 1], 'int32');
    const result = step(x, y);
    expect(Math.abs(result.loss.dataSync()[0] ?? Number.NaN)).toBe(0);
    expect(result.skipped).toBe(true);
    expect(weights(model)).toEqual(before);
    tf.dispose([x, y, result.loss, result.correct]);
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { FUSED_KERNELS, Rng, TrainingDivergedError } from '@nnlab/core';
import { mlp } from '@nnlab/models';
import { adam, sgd } from '@nnlab/optimizers';
import { fit } from './fit.js';
import { createTrainStep, STEP_APPLIED, STEP_LOSS } from './train-step.js';
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
  // sgd with momentum: its update does not depend on the step count, which a masked step still advances (Adam's bias correction would).
  it('onNonFinite "skip" drops exactly the poisoned batch: same weights and momentum as training without it', async () => {
    const reference = mlp([4, 8, 3], { rng: new Rng(3) });
    await fit(reference, sgd(reference, { learningRate: 0.05, momentum: 0.9 }), { train: [good(1), good(2), good(3), good(4)], epochs: 1 });
    const model = mlp([4, 8, 3], { rng: new Rng(3) });
    const skipped: Array<{ epoch: number; step: number }> = [];
    const before = tf.memory().numTensors;
    const history = await fit(model, sgd(model, { learningRate: 0.05, momentum: 0.9 }), {
      train: [good(1), poisoned(), good(2), poisoned(), good(3), good(4)],
      epochs: 1,
      onNonFinite: 'skip',
      onSkippedBatch: (info) => skipped.push({ epoch: info.epoch, step: info.step }),
    });
    expect(skipped).toEqual([{ epoch: 1, step: 2 }, { epoch: 1, step: 4 }]);
    expect(weights(model)).toEqual(weights(reference));
    expect(Number.isFinite(history.epochs[0]?.loss)).toBe(true);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 4); // the momentum buffers only
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
    // Read late: the steps dispatched after the bad one ran (finite), the error names the bad one, nothing leaks.
    const tensors = tf.memory().numTensors;
    const batches = [good(2), poisoned(), good(3), good(4), good(5)];
    await expect(fit(model, optimizer, { train: batches, epochs: 1 })).rejects.toThrow(/loss became NaN at epoch 1, step 2 /);
    expect(weights(model).flat().every(Number.isFinite)).toBe(true);
    // Batches 1-4 were trained on (the error is read two steps late) and disposed; the fifth is still the caller's.
    tf.dispose([batches[4]?.x, batches[4]?.y].filter((t) => t !== undefined));
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('throws TrainingDivergedError when every batch of an epoch is skipped, and rejects unknown modes', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(3) });
    await expect(fit(model, adam(model), { train: [poisoned(), poisoned()], epochs: 1, onNonFinite: 'skip' })).rejects.toThrow(TrainingDivergedError);
    await expect(fit(model, adam(model), { train: [], epochs: 1, onNonFinite: 'ignore' as 'skip' })).rejects.toThrow(/onNonFinite must be "stop" or "skip"/);
    model.dispose();
  });

  // With the cpu backend's NnlabAllFinite kernel and with the sum-based check GPUs use.
  it.each(['kernel', 'sum'])('createTrainStep skipNonFinite also catches an infinite gradient with a finite loss, on the device (%s)', async (path) => {
    const kernel = tf.getKernel(FUSED_KERNELS.allFinite, 'cpu');
    if (path === 'sum' && kernel !== undefined) tf.unregisterKernel(FUSED_KERNELS.allFinite, 'cpu');
    try {
      await checkInfiniteGradient();
    } finally {
      if (path === 'sum' && kernel !== undefined) tf.registerKernel(kernel);
    }
  });
});

async function checkInfiniteGradient(): Promise<void> {
  {
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
    const values = await result.data();
    expect(Math.abs(values[STEP_LOSS] ?? Number.NaN)).toBe(0);
    expect(values[STEP_APPLIED]).toBe(0);
    expect(weights(model)).toEqual(before);
    tf.dispose([x, y, result]);
    model.dispose();
  }
}

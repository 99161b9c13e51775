import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng, TrainingDivergedError } from '@nnlab/core';
import { mlp } from '@nnlab/models';
import { adam, sgd } from '@nnlab/optimizers';
import type { Callback } from './callback.js';
import { earlyStopping } from './early-stopping.js';
import { evaluate } from './evaluate.js';
import { fit } from './fit.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { predict, predictClasses } from './predict.js';
import type { Batch, BatchSource } from './types.js';

/** Two well-separated Gaussian blobs per class in 4-D: learnable in a few epochs. */
function blobs(count: number, seed: number, batchSize = 16): BatchSource {
  const rng = new Rng(seed);
  const xs = new Float32Array(count * 4);
  const ys = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(3);
    ys[i] = label;
    for (let j = 0; j < 4; j++) xs[i * 4 + j] = rng.normal(j === label ? 2 : 0, 0.5);
  }
  const numBatches = Math.ceil(count / batchSize);
  return {
    numBatches,
    *[Symbol.iterator](): Iterator<Batch> {
      for (let b = 0; b < numBatches; b++) {
        const start = b * batchSize;
        const end = Math.min(count, start + batchSize);
        yield { x: tf.tensor2d(xs.subarray(start * 4, end * 4), [end - start, 4]), y: tf.tensor1d(ys.subarray(start, end), 'int32'), size: end - start };
      }
    },
  };
}

beforeAll(async () => {
  await cpuBackend.activate();
});

describe('fit', () => {
  it('learns a separable problem and records one history entry per epoch', async () => {
    const model = mlp([4, 16, 3], { rng: new Rng(1) });
    const history = await fit(model, adam(model, { learningRate: 1e-2 }), { train: blobs(300, 2), validation: blobs(150, 3), epochs: 8 });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const last = history.epochs[7]!;
    expect(last.validationAccuracy).toBeGreaterThan(0.9);
    expect(last.loss).toBeLessThan(history.epochs[0]!.loss);
    expect(last.steps).toBe(19);
    expect(evaluate(model, blobs(150, 3)).accuracy).toBeCloseTo(last.validationAccuracy!, 6);
    model.dispose();
  });

  it('keeps tf.memory().numTensors flat over many steps (no leaks in the loop)', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    const optimizer = adam(model, { learningRate: 1e-3 });
    const counts: number[] = [];
    await fit(model, optimizer, {
      train: blobs(400, 4, 8),
      validation: blobs(40, 5),
      epochs: 4,
      callbacks: [{ onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
    });
    expect(counts).toHaveLength(4);
    expect(new Set(counts.slice(1)).size).toBe(1); // after the first epoch (optimizer state created) nothing grows
    optimizer.dispose();
    model.dispose();
  });

  it('runs callbacks in order and stops early when asked', async () => {
    const events: string[] = [];
    const recorder: Callback = {
      onTrainBegin: () => void events.push('begin'),
      onEpochBegin: (epoch) => void events.push(`epoch${epoch}`),
      onEpochEnd: (log, context) => {
        events.push(`end${log.epoch}`);
        if (log.epoch === 2) context.stop('enough');
      },
      onTrainEnd: (history) => void events.push(`done:${history.stoppedEarly}`),
    };
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    const history = await fit(model, sgd(model, { learningRate: 0.1 }), { train: blobs(32, 6), epochs: 5, callbacks: [recorder] });
    expect(events).toEqual(['begin', 'epoch1', 'end1', 'epoch2', 'end2', 'done:true']);
    expect(history.epochs).toHaveLength(2);
    model.dispose();
  });

  it('earlyStopping stops once the monitored metric stops improving', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    // A zero learning rate means no improvement after the first epoch.
    const history = await fit(model, sgd(model, { learningRate: 1e-12 }), {
      train: blobs(32, 7),
      validation: blobs(32, 8),
      epochs: 10,
      callbacks: [earlyStopping({ monitor: 'validationLoss', patience: 2 })],
    });
    expect(history.stoppedEarly).toBe(true);
    expect(history.epochs).toHaveLength(4);
    model.dispose();
  });

  it('learningRateScheduler sets the rate every epoch and the history records it', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    const history = await fit(model, sgd(model, { learningRate: 0.1 }), {
      train: blobs(32, 9),
      epochs: 3,
      callbacks: [learningRateScheduler((epoch) => 0.1 / epoch)],
    });
    expect(history.epochs.map((e) => e.learningRate)).toEqual([0.1, 0.05, 0.1 / 3]);
    model.dispose();
  });

  it('stops with TrainingDivergedError naming epoch, step and learning rate when the loss is NaN', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    const nanData: BatchSource = [{ x: tf.fill([4, 4], Number.NaN), y: tf.tensor1d([0, 1, 2, 0], 'int32') }];
    await expect(fit(model, sgd(model, { learningRate: 0.5 }), { train: nanData, epochs: 1 })).rejects.toThrow(TrainingDivergedError);
    await expect(
      fit(model, sgd(model, { learningRate: 0.5 }), { train: [{ x: tf.fill([4, 4], Number.NaN), y: tf.tensor1d([0, 1, 2, 0], 'int32') }], epochs: 1 }),
    ).rejects.toThrow(/loss became NaN at epoch 1, step 1 \(learning rate 0\.5\)/);
    model.dispose();
  });

  it('predict returns probabilities and restores training mode', () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    model.train();
    const x = tf.ones([5, 4]);
    const probabilities = predict(model, x);
    expect(probabilities.shape).toEqual([5, 3]);
    const sums = tf.sum(probabilities, 1).dataSync();
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    expect(predictClasses(model, x)).toHaveLength(5);
    expect(model.training).toBe(true);
    tf.dispose([x, probabilities]);
    model.dispose();
  });
});

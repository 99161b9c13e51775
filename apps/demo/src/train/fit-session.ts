import { Rng } from '@nnlab/core';
import { DataLoader, type ImageDataset, subset } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { createOptimizer, type Optimizer } from '@nnlab/optimizers';
import { type BatchLog, type Callback, type EpochStartState, epochStartState, evaluate, fit, type TrainingPosition, withEvalMode } from '@nnlab/trainers';
import { type CheckpointStore, type EncodedCheckpoint, encodeCheckpoint, loadModelSafetensors, restoreCheckpointFrom } from '@nnlab/checkpoint';
import * as tf from '@tensorflow/tfjs-core';

/** What a {@link FitSession} trains. */
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
  /** Epochs trained so far, fractional (2.5: half-way through the third epoch). */
  readonly epoch: number;
  /** Mean training loss and accuracy over the steps since the last report. */
  readonly loss: number;
  readonly accuracy: number;
  /** Training examples per second in the epoch so far (what `fit` reports). */
  readonly samplesPerSec: number;
  /** Accuracy on a fixed test subset (500 images), when this report evaluated it. */
  readonly testAccuracy?: number;
  /** Mean cross-entropy on the same test subset, when this report evaluated it. */
  readonly testLoss?: number;
}

/** How a {@link FitSession.run} ended. */
export interface RunResult {
  /** True when it completed its epochs; false when stopped (Stop or `maxSteps`). */
  readonly finished: boolean;
}

/** Options of {@link FitSession.run}. */
export interface RunOptions {
  /**
   * Train until this many epochs are complete in all (counted from the
   * session's first run, so a resumed run finishes the same total); at least
   * the epoch in progress is finished. Default: until {@link FitSession.stop}.
   */
  readonly epochs?: number;
  /** Stop by itself after this many steps (for tests and demos); default: until {@link FitSession.stop}. */
  readonly maxSteps?: number;
  /** Milliseconds between progress reports (default 250). */
  readonly reportEveryMs?: number;
  /**
   * Steps between progress reports at the most (default 25), however fast the
   * steps run: the loss curve keeps a point every 25 steps on a fast machine
   * instead of thinning out to one per 250 ms.
   */
  readonly reportEverySteps?: number;
  /** Steps between test-subset evaluations (default 50; a new model's first report and a run's last one evaluate too). */
  readonly evaluateEverySteps?: number;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

const TEST_SUBSET = 500;
/** `fit` needs a number of epochs: "until Stop" is this many. */
const UNTIL_STOPPED = 1_000_000;

/**
 * A model, its optimizer, a shuffling `DataLoader` and where training
 * stopped, kept across Stop and Resume. Training is `@nnlab/trainers`' `fit`:
 * its callbacks drive the progress reports (and so the charts), Stop aborts
 * its `signal`, and Resume continues from `history.interrupted` with the
 * loader rewound to the unfinished epoch's start (`epochStartState`), so a
 * stopped run continues exactly where it left off. A run that completed its
 * epochs can be continued with more epochs the same way.
 */
export class FitSession {
  readonly settings: SessionSettings;
  private readonly test: ImageDataset;
  private readonly model: Module;
  private readonly optimizer: Optimizer;
  private readonly loader: DataLoader;
  private rewind: EpochStartState;
  private interrupted: TrainingPosition | undefined;
  private controller: AbortController | undefined;
  /** Training steps taken so far, across runs. */
  steps = 0;
  /** Epochs completed so far, across runs. */
  epochsDone = 0;

  constructor(settings: SessionSettings, train: ImageDataset, test: ImageDataset) {
    this.settings = settings;
    this.test = subset(test, Array.from({ length: Math.min(TEST_SUBSET, test.count) }, (_, i) => i));
    const rng = new Rng(settings.seed);
    this.model = buildModel(settings.model, { rng: rng.fork('init') });
    this.optimizer = createOptimizer(settings.optimizer, this.model, { learningRate: settings.learningRate });
    this.loader = new DataLoader(train, { batchSize: settings.batchSize, shuffle: true, rng: rng.fork('shuffle') });
    this.rewind = epochStartState({ shuffle: this.loader });
  }

  /** Whether {@link run} is in progress. */
  get isRunning(): boolean {
    return this.controller !== undefined;
  }

  /** Changes the learning rate from the next step on. */
  setLearningRate(learningRate: number): void {
    this.optimizer.learningRate = learningRate;
  }

  /** Whether a {@link run} with `epochs` in all would train further (a stopped run, or fewer epochs done). */
  canContinue(epochs: number): boolean {
    return this.interrupted !== undefined || this.epochsDone < epochs;
  }

  /** Asks a running {@link run} to stop after its current step; it resolves once `fit` has returned. */
  stop(): void {
    this.controller?.abort();
  }

  /** Trains through `fit` until its epochs are done, {@link stop} or `maxSteps`, reporting progress; resumes where the last run stopped. */
  async run(options: RunOptions = {}): Promise<RunResult> {
    if (this.controller !== undefined) return { finished: false };
    const { maxSteps = Number.POSITIVE_INFINITY, reportEveryMs = 250, reportEverySteps = 25, evaluateEverySteps = 50, onProgress } = options;
    const inProgress = this.interrupted === undefined ? 0 : this.interrupted.epoch + (this.interrupted.batchesDone > 0 ? 1 : 0);
    const epochs = Math.max(Math.floor(options.epochs ?? UNTIL_STOPPED), inProgress);
    if (!this.canContinue(epochs)) return { finished: true };
    const controller = new AbortController();
    this.controller = controller;
    const target = this.steps + maxSteps;
    let windowStart = performance.now();
    let windowLoss = 0;
    let windowCorrect = 0;
    let windowSamples = 0;
    let windowSteps = 0;
    // A new model's first report evaluates too, so the test curves start where the train curves do.
    let lastEvaluated = this.steps === 0 ? Number.NEGATIVE_INFINITY : this.steps;
    const stepsPerEpoch = this.loader.length;
    const report = async (log: BatchLog, last: boolean): Promise<void> => {
      const evaluateNow = log.globalStep - lastEvaluated >= evaluateEverySteps || last;
      if (evaluateNow) lastEvaluated = log.globalStep;
      const test = evaluateNow ? await this.evaluateTest() : undefined;
      onProgress?.({
        step: log.globalStep,
        epoch: log.epoch - 1 + log.step / stepsPerEpoch,
        loss: windowLoss / windowSteps,
        accuracy: windowCorrect / windowSamples,
        // fit's own rate for the epoch so far: steps' numbers arrive a few at a time (reads run behind),
        // so a short window's clock would say nothing.
        samplesPerSec: log.samplesPerSec,
        ...(test === undefined ? {} : { testAccuracy: test.accuracy, testLoss: test.loss }),
      });
      windowStart = performance.now();
      windowLoss = windowCorrect = windowSamples = windowSteps = 0;
    };
    const progress: Callback = {
      // Settle at the last step asked for, so the run stops exactly there.
      settleAt: (globalStep) => globalStep === target,
      onBatchEnd: async (log) => {
        this.steps = log.globalStep;
        windowLoss += log.loss;
        windowCorrect += (log.accuracy ?? 0) * log.size;
        windowSamples += log.size;
        windowSteps += 1;
        if (log.globalStep >= target) controller.abort();
        const last = controller.signal.aborted || (log.epoch === epochs && log.step === stepsPerEpoch);
        if (last || windowSteps >= reportEverySteps || performance.now() - windowStart >= reportEveryMs) await report(log, last);
      },
    };
    try {
      if (this.interrupted !== undefined) this.rewind.restore();
      // A stopped run goes on from where it stopped; a finished one from the end of its last epoch (the loader is already there).
      const resumeFrom: TrainingPosition | undefined =
        this.interrupted ?? (this.epochsDone > 0 ? { epoch: this.epochsDone, batchesDone: 0, globalStep: this.steps } : undefined);
      const history = await fit(this.model, this.optimizer, {
        train: this.loader,
        epochs,
        signal: controller.signal,
        callbacks: [this.rewind, progress],
        ...(resumeFrom === undefined ? {} : { resumeFrom }),
      });
      this.interrupted = history.interrupted;
      this.steps = history.interrupted?.globalStep ?? this.steps;
      this.epochsDone = history.interrupted?.epoch ?? history.epochs.at(-1)?.epoch ?? this.epochsDone;
      return { finished: history.interrupted === undefined };
    } finally {
      this.controller = undefined;
    }
  }

  /**
   * The checkpoint of this session (call while not running): model,
   * optimizer, shuffle state and position, as the files Node's
   * `saveCheckpoint` writes. Mid-epoch, the shuffle state is the epoch's
   * start, which `fit` needs to replay its order on resume.
   */
  async encode(): Promise<EncodedCheckpoint> {
    if (this.controller !== undefined) throw new Error('stop training before saving');
    const position: TrainingPosition = this.interrupted ?? { epoch: 0, batchesDone: 0, globalStep: this.steps };
    if (position.batchesDone > 0) this.rewind.restore();
    return encodeCheckpoint({
      model: this.model,
      optimizer: this.optimizer,
      position,
      rngs: { shuffle: this.loader },
      modelSpec: this.settings.model,
      optimizerConfig: { name: this.settings.optimizer, options: { learningRate: this.optimizer.learningRate } },
      input: { shape: [28, 28, 1], normalization: null, dataset: 'mnist-10k' },
      extra: { demoSettings: this.settings },
    });
  }

  /** Loads a checkpoint of {@link encode}'s files from `store` (same model and optimizer); the next {@link run} continues from it. */
  async restoreFrom(store: CheckpointStore, name: string): Promise<TrainingPosition> {
    if (this.controller !== undefined) throw new Error('stop training before loading');
    const { position } = await restoreCheckpointFrom(store, name, {
      model: this.model,
      optimizer: this.optimizer,
      rngs: { shuffle: this.loader },
      modelSpec: this.settings.model,
      optimizerName: this.settings.optimizer,
    });
    // The loader now holds the saved state (an epoch's start when mid-epoch): forget the old run's.
    this.rewind = epochStartState({ shuffle: this.loader });
    this.interrupted = position;
    this.steps = position.globalStep;
    this.epochsDone = position.epoch;
    return position;
  }

  /** Loads weights from a `model.safetensors` (all or nothing); optimizer state and position stay. */
  loadWeights(bytes: Uint8Array, source: string): void {
    if (this.controller !== undefined) throw new Error('stop training before loading weights');
    loadModelSafetensors(this.model, bytes, source);
  }

  /** Loss and accuracy on the first 500 test examples (`evaluate`, read asynchronously). */
  async evaluateTest(): Promise<{ readonly loss: number; readonly accuracy: number }> {
    const result = await evaluate(this.model, new DataLoader(this.test, { batchSize: this.test.count }));
    return { loss: result.loss, accuracy: result.accuracy ?? Number.NaN };
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

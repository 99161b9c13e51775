import { registerGradients } from '@nnlab/autodiff';
import { assertInteger, TrainingDivergedError } from '@nnlab/core';
import { crossEntropy, type Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import type { Callback, TrainingContext } from './callback.js';
import { evaluate } from './evaluate.js';
import { createTrainStep } from './train-step.js';
import type { BatchSource, EpochLog, History, LossFunction } from './types.js';

/** Options for {@link fit}. */
export interface FitOptions {
  /** Training batches; iterated once per epoch (a `DataLoader` reshuffles each time). */
  readonly train: BatchSource;
  /** Evaluated after every epoch when given. */
  readonly validation?: BatchSource;
  readonly epochs: number;
  /** Loss from logits and targets (default: cross-entropy). */
  readonly loss?: LossFunction;
  readonly callbacks?: readonly Callback[];
  /** Epoch number to start from, for resumed runs (default 1). */
  readonly initialEpoch?: number;
}

const now = (): number => performance.now();

/**
 * Trains `model` with `optimizer` for `epochs` passes over `train`.
 * Each step runs in one `tf.tidy` (see {@link createTrainStep}); batch
 * tensors are disposed after their step, so `tf.memory().numTensors` stays
 * flat. A NaN or infinite loss stops training with {@link TrainingDivergedError}.
 *
 * @example
 * const history = await fit(model, adam(model, { learningRate: 1e-3 }), {
 *   train: new DataLoader(trainSet, { batchSize: 64, shuffle: true, rng }),
 *   validation: new DataLoader(testSet, { batchSize: 1000 }),
 *   epochs: 10,
 *   callbacks: [progressLogger(process.stdout)],
 * });
 */
export async function fit(model: Module, optimizer: Optimizer, options: FitOptions): Promise<History> {
  registerGradients();
  const epochs = assertInteger('epochs', options.epochs, 1);
  const initialEpoch = assertInteger('initialEpoch', options.initialEpoch ?? 1, 1);
  const callbacks = options.callbacks ?? [];
  const loss = options.loss ?? crossEntropy;
  const step = createTrainStep(model, optimizer, loss);
  const history: History = { epochs: [], stoppedEarly: false };
  let stopReason: string | undefined;
  const context: TrainingContext = {
    model,
    optimizer,
    epochs,
    stepsPerEpoch: options.train.numBatches,
    stop(reason: string) {
      stopReason ??= reason;
    },
    get stopReason() {
      return stopReason;
    },
  };
  const emit = async <K extends keyof Callback>(name: K, ...args: Parameters<NonNullable<Callback[K]>>): Promise<void> => {
    for (const callback of callbacks) {
      const hook = callback[name] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (hook !== undefined) await hook.apply(callback, args);
    }
  };

  model.train();
  await emit('onTrainBegin', context);
  let globalStep = 0;
  for (let epoch = initialEpoch; epoch <= epochs && stopReason === undefined; epoch++) {
    await emit('onEpochBegin', epoch, context);
    const started = now();
    let lossSum = 0;
    let correct = 0;
    let count = 0;
    let steps = 0;
    for (const batch of options.train) {
      const size = batch.size ?? batch.x.shape[0] ?? 0;
      let result;
      try {
        result = step(batch.x, batch.y);
      } finally {
        batch.x.dispose();
        batch.y.dispose();
      }
      const batchLoss = result.loss.dataSync()[0] ?? Number.NaN;
      const batchCorrect = result.correct.dataSync()[0] ?? 0;
      result.loss.dispose();
      result.correct.dispose();
      steps += 1;
      globalStep += 1;
      if (!Number.isFinite(batchLoss)) {
        throw new TrainingDivergedError(
          `loss became ${batchLoss} at epoch ${epoch}, step ${steps} (learning rate ${optimizer.currentLearningRate}); ` +
            'try a smaller learning rate, normalised inputs, or gradient clipping',
        );
      }
      lossSum += batchLoss * size;
      correct += batchCorrect;
      count += size;
      const elapsed = (now() - started) / 1000;
      await emit(
        'onBatchEnd',
        { epoch, step: steps, globalStep, loss: batchLoss, accuracy: size > 0 ? batchCorrect / size : 0, size, samplesPerSec: count / Math.max(elapsed, 1e-9) },
        context,
      );
      if (stopReason !== undefined) break;
    }
    const seconds = (now() - started) / 1000;
    const validation = options.validation === undefined ? undefined : evaluate(model, options.validation, { loss });
    const log: EpochLog = {
      epoch,
      loss: count === 0 ? Number.NaN : lossSum / count,
      accuracy: count === 0 ? Number.NaN : correct / count,
      ...(validation === undefined ? {} : { validationLoss: validation.loss, validationAccuracy: validation.accuracy }),
      learningRate: optimizer.currentLearningRate,
      seconds,
      samplesPerSec: count / Math.max(seconds, 1e-9),
      steps,
    };
    history.epochs.push(log);
    await emit('onEpochEnd', log, context);
  }
  const finished: History = { epochs: history.epochs, stoppedEarly: stopReason !== undefined };
  await emit('onTrainEnd', finished, context);
  return finished;
}

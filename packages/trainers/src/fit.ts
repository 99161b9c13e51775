import { registerGradients } from '@nnlab/autodiff';
import { assertInteger, InvalidArgumentError, TrainingDivergedError } from '@nnlab/core';
import { crossEntropy, type Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import type { Callback, TrainingContext } from './callback.js';
import { evaluate } from './evaluate.js';
import { createTrainStep } from './train-step.js';
import type { PartialEpoch, TrainingPosition } from './training-position.js';
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
  /** Epoch number to start from, for resumed runs (default 1, or `resumeFrom.epoch + 1`). */
  readonly initialEpoch?: number;
  /**
   * Continue a run from where a checkpoint left it: epochs completed, batches
   * of the next epoch to skip, global step and the unfinished epoch's totals.
   * Restore the model, optimizer and random states first (`restoreCheckpoint`).
   */
  readonly resumeFrom?: TrainingPosition;
  /**
   * Stops training cleanly when aborted (Ctrl-C): the step in progress
   * finishes, callbacks get `onInterrupt(position)` (a checkpoint callback
   * saves there), and the returned history has `interrupted` set. The
   * unfinished epoch is not logged or validated.
   */
  readonly signal?: AbortSignal;
  /**
   * What a NaN or infinite loss or gradient does. Every step checks before
   * the optimizer update, so the weights never take a non-finite step.
   * `stop` (default) throws {@link TrainingDivergedError} naming epoch, step
   * and learning rate; `skip` drops that batch's update, tells
   * `onSkippedBatch` and carries on (still throwing when a whole epoch is skipped).
   */
  readonly onNonFinite?: 'stop' | 'skip';
  /** Told about every batch `onNonFinite: 'skip'` skipped. */
  readonly onSkippedBatch?: (info: { epoch: number; step: number; globalStep: number; loss: number; learningRate: number }) => void;
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
  const resume = options.resumeFrom === undefined ? undefined : checkPosition(options.resumeFrom);
  const initialEpoch = assertInteger('initialEpoch', options.initialEpoch ?? (resume?.epoch ?? 0) + 1, 1);
  if (resume !== undefined && initialEpoch !== resume.epoch + 1) {
    throw new InvalidArgumentError(`initialEpoch ${initialEpoch} disagrees with resumeFrom.epoch ${resume.epoch}; give one or make initialEpoch = epoch + 1`);
  }
  const callbacks = options.callbacks ?? [];
  const loss = options.loss ?? crossEntropy;
  const onNonFinite = options.onNonFinite ?? 'stop';
  if (onNonFinite !== 'stop' && onNonFinite !== 'skip') {
    throw new InvalidArgumentError(`onNonFinite must be "stop" or "skip", got ${JSON.stringify(onNonFinite)}`);
  }
  const step = createTrainStep(model, optimizer, loss, { skipNonFinite: true });
  let skippedInEpoch = 0;
  const history: History = { epochs: [], stoppedEarly: false };
  let stopReason: string | undefined;
  let completedEpochs = initialEpoch - 1;
  let globalStep = resume?.globalStep ?? 0;
  // Totals of the epoch in progress; module-level so `context.position` can report them at any moment.
  let steps = 0;
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  let started = now();
  const position = (): TrainingPosition => {
    const partialEpoch: PartialEpoch = { lossSum, correct, count, seconds: (now() - started) / 1000 };
    return { epoch: completedEpochs, batchesDone: steps, globalStep, ...(steps > 0 ? { partialEpoch } : {}) };
  };
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
    get position() {
      return position();
    },
  };
  const emit = async <K extends keyof Callback>(name: K, ...args: Parameters<NonNullable<Callback[K]>>): Promise<void> => {
    for (const callback of callbacks) {
      const hook = callback[name] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (hook !== undefined) await hook.apply(callback, args);
    }
  };
  const aborted = (): boolean => options.signal?.aborted === true;

  model.train();
  await emit('onTrainBegin', context);
  let interrupted: TrainingPosition | undefined;
  for (let epoch = initialEpoch; epoch <= epochs && stopReason === undefined; epoch++) {
    const partial = epoch === initialEpoch ? resume?.partialEpoch : undefined;
    let skip = epoch === initialEpoch ? (resume?.batchesDone ?? 0) : 0;
    steps = skip;
    lossSum = partial?.lossSum ?? 0;
    correct = partial?.correct ?? 0;
    count = partial?.count ?? 0;
    started = now() - (partial?.seconds ?? 0) * 1000;
    skippedInEpoch = 0;
    if (aborted()) {
      interrupted = position();
      break;
    }
    await emit('onEpochBegin', epoch, context);
    for (const batch of options.train) {
      if (skip > 0) {
        // Already trained before the interruption: drawn only to keep the data source's order.
        skip -= 1;
        batch.x.dispose();
        batch.y.dispose();
        continue;
      }
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
      if (result.skipped === true || !Number.isFinite(batchLoss)) {
        const what = Number.isFinite(batchLoss) ? `a gradient became NaN or infinite (loss ${batchLoss})` : `loss became ${batchLoss}`;
        if (onNonFinite === 'stop') {
          throw new TrainingDivergedError(
            `${what} at epoch ${epoch}, step ${steps} (learning rate ${optimizer.currentLearningRate}); the update was not applied; ` +
              'try a smaller learning rate, normalised inputs, or gradient clipping',
          );
        }
        skippedInEpoch += 1;
        options.onSkippedBatch?.({ epoch, step: steps, globalStep, loss: batchLoss, learningRate: optimizer.currentLearningRate });
        if (aborted()) {
          interrupted = position();
          break;
        }
        continue;
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
      // Signal handlers (Ctrl-C) and timers run only when the event loop gets a turn, which a synchronous
      // training step never gives it: yield every step (a few microseconds), signal or not.
      await new Promise((resolve) => setImmediate(resolve));
      if (aborted()) {
        interrupted = position();
        break;
      }
    }
    if (interrupted !== undefined) break;
    if (skippedInEpoch > 0 && count === 0) {
      throw new TrainingDivergedError(
        `every batch of epoch ${epoch} had a NaN or infinite loss or gradient (${skippedInEpoch} skipped, learning rate ${optimizer.currentLearningRate}); ` +
          'try a smaller learning rate, normalised inputs, or gradient clipping',
      );
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
    completedEpochs = epoch;
    steps = 0;
    lossSum = 0;
    correct = 0;
    count = 0;
    await emit('onEpochEnd', log, context);
  }
  if (interrupted !== undefined) await emit('onInterrupt', interrupted, context);
  const finished: History = {
    epochs: history.epochs,
    stoppedEarly: stopReason !== undefined,
    ...(interrupted === undefined ? {} : { interrupted }),
  };
  await emit('onTrainEnd', finished, context);
  return finished;
}

/** Validates a {@link TrainingPosition} given as `resumeFrom` (it usually comes from a file). */
function checkPosition(position: TrainingPosition): TrainingPosition {
  if (typeof position !== 'object' || position === null) {
    throw new InvalidArgumentError(`resumeFrom must be a TrainingPosition { epoch, batchesDone, globalStep }, got ${String(position)}`);
  }
  assertInteger('resumeFrom.epoch', position.epoch, 0);
  assertInteger('resumeFrom.batchesDone', position.batchesDone, 0);
  assertInteger('resumeFrom.globalStep', position.globalStep, 0);
  const partial = position.partialEpoch;
  if (partial !== undefined) {
    for (const key of ['lossSum', 'correct', 'count', 'seconds'] as const) {
      const value = partial[key];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new InvalidArgumentError(`resumeFrom.partialEpoch.${key} must be a finite number >= 0, got ${String(value)}`);
      }
    }
  }
  return position;
}

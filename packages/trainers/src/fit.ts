import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, InvalidArgumentError, TrainingDivergedError } from '@nnlab/core';
import { crossEntropy, type Module } from '@nnlab/layers';
import type { Optimizer } from '@nnlab/optimizers';
import type { BatchLog, Callback, TrainingContext } from './callback.js';
import { evaluate } from './evaluate.js';
import { eventLoopTurns } from './event-loop-turn.js';
import { accuracy, checkMetrics, type Metric } from './metric.js';
import { createTrainStep, STEP_APPLIED, STEP_LOSS, STEP_METRICS } from './train-step.js';
import type { PartialEpoch, TrainingPosition } from './training-position.js';
import type { BatchSource, EpochLog, History, LossFunction } from './types.js';

/**
 * How many steps `fit` runs ahead of the numbers it has read: step `n`'s
 * loss and metrics are read (with `await data()`) after step `n + 2` has been
 * dispatched, so a GPU always has work queued and never waits for
 * JavaScript. `onBatchEnd`, `onSkippedBatch` and a `stop` onNonFinite error
 * come that many steps late; epoch ends, interruptions and `settleAt` steps
 * wait for every read.
 */
export const FIT_READS_BEHIND = 2;

/**
 * Longest stretch of training, in milliseconds, between two turns `fit`
 * gives the event loop (a page repaints and handles input, Node runs Ctrl-C
 * handlers): steps of this length or longer get a turn each, shorter ones share.
 */
export const FIT_TURN_EVERY_MS = 8;

/** Options for {@link fit}. */
export interface FitOptions {
  /** Training batches; iterated once per epoch (a `DataLoader` reshuffles each time). */
  readonly train: BatchSource;
  /** Evaluated after every epoch when given (same loss and metrics). */
  readonly validation?: BatchSource;
  readonly epochs: number;
  /** Loss from the model's outputs and the targets, as a batch mean (default: cross-entropy). */
  readonly loss?: LossFunction;
  /**
   * What to report besides the loss, computed on the device in every step
   * (default `[accuracy()]`; `[]` for none, `[meanSquaredError()]` for a regression).
   */
  readonly metrics?: readonly Metric[];
  readonly callbacks?: readonly Callback[];
  /** Epoch number to start from, for resumed runs (default 1, or `resumeFrom.epoch + 1`). */
  readonly initialEpoch?: number;
  /**
   * Continue a run from where it stopped: epochs completed, batches of the
   * next epoch to skip, global step and the unfinished epoch's totals (a
   * checkpoint's position, or a previous call's `history.interrupted`).
   * Restore the model, optimizer and the data sources' random states to that
   * point first (`restoreCheckpoint`, or {@link epochStartState} in memory).
   */
  readonly resumeFrom?: TrainingPosition;
  /**
   * Stops training cleanly when aborted (Ctrl-C, a Stop button): the step in
   * progress finishes, the outstanding reads are waited for, callbacks get
   * `onInterrupt(position)` (a checkpoint callback saves there), and the
   * returned history has `interrupted` set. The unfinished epoch is not
   * logged or validated.
   */
  readonly signal?: AbortSignal;
  /**
   * What a NaN or infinite loss or gradient does. Every step checks on the
   * device and masks the optimizer's update out (see `createTrainStep`'s
   * `skipNonFinite`), so the weights never take a non-finite step. The check
   * is read {@link FIT_READS_BEHIND} steps later: `stop` (default) then throws
   * {@link TrainingDivergedError} naming epoch, step and learning rate (the
   * steps dispatched meanwhile were checked too); `skip` tells
   * `onSkippedBatch` and carries on (still throwing when a whole epoch is
   * skipped). A masked step still counts in the optimizer's step count.
   */
  readonly onNonFinite?: 'stop' | 'skip';
  /** Told about every batch `onNonFinite: 'skip'` skipped. */
  readonly onSkippedBatch?: (info: { epoch: number; step: number; globalStep: number; loss: number; learningRate: number }) => void;
}

const now = (): number => performance.now();

/** A dispatched step whose numbers are being read. */
interface InFlight {
  readonly values: tf.Tensor1D;
  readonly read: Promise<ArrayLike<number>>;
  readonly epoch: number;
  readonly step: number;
  readonly globalStep: number;
  readonly size: number;
  readonly learningRate: number;
}

/**
 * Trains `model` with `optimizer` for `epochs` passes over `train`, in Node
 * and in browsers, on every backend. Each step runs in one `tf.tidy` (see
 * `createTrainStep`) and returns one small vector (loss, applied flag,
 * metric sums) that is read asynchronously {@link FIT_READS_BEHIND} steps
 * later; nothing is read synchronously. Between steps `fit` gives the event
 * loop a turn (at least every {@link FIT_TURN_EVERY_MS} ms), so pages stay
 * responsive and Ctrl-C handlers run. Batch tensors are disposed after their
 * step, so `tf.memory().numTensors` stays flat. A NaN or infinite loss stops training with {@link TrainingDivergedError}
 * without the weights ever taking the bad step.
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
  const epochs = assertInteger('epochs', options.epochs, 1);
  const metrics = checkMetrics(options.metrics ?? [accuracy()]);
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
  const step = createTrainStep(model, optimizer, loss, { skipNonFinite: true, metrics });
  let skippedInEpoch = 0;
  const history: History = { epochs: [], stoppedEarly: false };
  let stopReason: string | undefined;
  let completedEpochs = initialEpoch - 1;
  let globalStep = resume?.globalStep ?? 0;
  // The epoch in progress: steps dispatched, and the totals of the steps whose numbers were read.
  let steps = 0;
  let lossSum = 0;
  let metricSums = new Float64Array(metrics.length);
  let count = 0;
  let started = now();
  const inFlight: InFlight[] = [];
  const sumsByName = (sums: ArrayLike<number>, divisor = 1): Record<string, number> =>
    Object.fromEntries(metrics.map((metric, i) => [metric.name, (sums[i] ?? 0) / divisor]));
  const position = (): TrainingPosition => {
    const byName = sumsByName(metricSums);
    const partialEpoch: PartialEpoch = { lossSum, correct: byName.accuracy ?? 0, metricSums: byName, count, seconds: (now() - started) / 1000 };
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

  /** Reads the oldest step in flight and reports it: a skip, an error, or a batch log. */
  const settleOldest = async (): Promise<void> => {
    const entry = inFlight.shift() as InFlight;
    const values = await entry.read;
    entry.values.dispose();
    const batchLoss = values[STEP_LOSS] ?? Number.NaN;
    if (values[STEP_APPLIED] !== 1) {
      const what = Number.isFinite(batchLoss) ? `a gradient became NaN or infinite (loss ${batchLoss})` : `loss became ${batchLoss}`;
      if (onNonFinite === 'stop') {
        throw new TrainingDivergedError(
          `${what} at epoch ${entry.epoch}, step ${entry.step} (learning rate ${entry.learningRate}); the update was not applied; ` +
            'try a smaller learning rate, normalised inputs, or gradient clipping',
        );
      }
      skippedInEpoch += 1;
      options.onSkippedBatch?.({ epoch: entry.epoch, step: entry.step, globalStep: entry.globalStep, loss: batchLoss, learningRate: entry.learningRate });
      return;
    }
    const sums = Array.from(metrics, (_, i) => values[STEP_METRICS + i] ?? Number.NaN);
    lossSum += batchLoss * entry.size;
    sums.forEach((sum, i) => (metricSums[i] = (metricSums[i] ?? 0) + sum));
    count += entry.size;
    const byName = sumsByName(sums, Math.max(entry.size, 1));
    const log: BatchLog = {
      epoch: entry.epoch,
      step: entry.step,
      globalStep: entry.globalStep,
      loss: batchLoss,
      metrics: byName,
      ...(byName.accuracy === undefined ? {} : { accuracy: byName.accuracy }),
      size: entry.size,
      samplesPerSec: count / Math.max((now() - started) / 1000, 1e-9),
    };
    await emit('onBatchEnd', log, context);
  };
  const settleAll = async (): Promise<void> => {
    while (inFlight.length > 0) await settleOldest();
  };

  const turns = eventLoopTurns();
  let lastTurn = now();
  try {
    model.train();
    await emit('onTrainBegin', context);
    let interrupted: TrainingPosition | undefined;
    for (let epoch = initialEpoch; epoch <= epochs && stopReason === undefined; epoch++) {
      const partial = epoch === initialEpoch ? resume?.partialEpoch : undefined;
      let skip = epoch === initialEpoch ? (resume?.batchesDone ?? 0) : 0;
      steps = skip;
      lossSum = partial?.lossSum ?? 0;
      metricSums = Float64Array.from(metrics, (m) => partial?.metricSums?.[m.name] ?? (m.name === 'accuracy' ? (partial?.correct ?? 0) : 0));
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
        const learningRate = optimizer.currentLearningRate;
        let values: tf.Tensor1D;
        try {
          values = step(batch.x, batch.y);
        } finally {
          batch.x.dispose();
          batch.y.dispose();
        }
        steps += 1;
        globalStep += 1;
        const read = values.data();
        // Handled where it is awaited; this keeps a failed read from counting as unhandled meanwhile.
        read.catch(() => undefined);
        inFlight.push({ values, read, epoch, step: steps, globalStep, size, learningRate });
        const settle = callbacks.some((callback) => callback.settleAt?.(globalStep, context) === true);
        while (inFlight.length > (settle ? 0 : FIT_READS_BEHIND)) await settleOldest();
        if (stopReason !== undefined) break;
        // Signal handlers (Ctrl-C), input events and timers run only when the event loop gets a turn,
        // which synchronous training steps never give it. A turn costs more than its own few
        // microseconds (measured: 3-4% of a 12 ms native cnn step in CPU time), so short steps share
        // one: at most FIT_TURN_EVERY_MS of training between turns, a step of that or longer always.
        if (now() - lastTurn >= FIT_TURN_EVERY_MS) {
          await turns.next();
          lastTurn = now();
        }
        if (aborted()) {
          await settleAll();
          interrupted = position();
          break;
        }
      }
      await settleAll();
      if (interrupted !== undefined) break;
      if (skippedInEpoch > 0 && count === 0) {
        throw new TrainingDivergedError(
          `every batch of epoch ${epoch} had a NaN or infinite loss or gradient (${skippedInEpoch} skipped, learning rate ${optimizer.currentLearningRate}); ` +
            'try a smaller learning rate, normalised inputs, or gradient clipping',
        );
      }
      const seconds = (now() - started) / 1000;
      const validation = options.validation === undefined ? undefined : await evaluate(model, options.validation, { loss, metrics });
      const means = sumsByName(metricSums, count === 0 ? Number.NaN : count);
      const log: EpochLog = {
        epoch,
        loss: count === 0 ? Number.NaN : lossSum / count,
        metrics: means,
        ...(means.accuracy === undefined ? {} : { accuracy: means.accuracy }),
        ...(validation === undefined
          ? {}
          : {
              validationLoss: validation.loss,
              validationMetrics: validation.metrics,
              ...(validation.accuracy === undefined ? {} : { validationAccuracy: validation.accuracy }),
            }),
        learningRate: optimizer.currentLearningRate,
        seconds,
        samplesPerSec: count / Math.max(seconds, 1e-9),
        steps,
      };
      history.epochs.push(log);
      completedEpochs = epoch;
      steps = 0;
      lossSum = 0;
      metricSums = new Float64Array(metrics.length);
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
  } finally {
    turns.close();
    // After an error: let the reads finish before freeing what they read.
    for (const entry of inFlight.splice(0)) {
      await entry.read.catch(() => undefined);
      entry.values.dispose();
    }
  }
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
    for (const [name, value] of Object.entries(partial.metricSums ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`resumeFrom.partialEpoch.metricSums.${name} must be a finite number, got ${String(value)}`);
      }
    }
  }
  return position;
}

import type { Callback, EpochLog } from '@nnlab/trainers';

/** One point of a learning curve: mean loss and error (1 - accuracy) after `examples` training examples, that is `epoch` epochs (fractional within an epoch). */
export interface CurvePoint {
  readonly examples: number;
  readonly epoch: number;
  /** `validation`: the held-out split each epoch is scored on; `test`: the test split (after training, or each epoch on request). */
  readonly split: 'train' | 'validation' | 'test';
  readonly loss: number;
  /** 1 - accuracy, in [0, 1]. */
  readonly error: number;
}

/**
 * Learning curves from a `History`: one train and one test point per epoch
 * (epoch means), at `epoch * trainExamples` examples seen. Use
 * {@link recordTrainingCurves} during training for finer train curves.
 *
 * @example
 * const points = curvesFromHistory(history.epochs, 8000);
 */
export function curvesFromHistory(history: readonly EpochLog[], trainExamples: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const log of history) {
    const examples = log.epoch * trainExamples;
    const epoch = log.epoch;
    points.push({ examples, epoch, split: 'train', loss: log.loss, error: 1 - (log.accuracy ?? Number.NaN) });
    if (log.validationLoss !== undefined && log.validationAccuracy !== undefined) {
      points.push({ examples, epoch, split: 'validation', loss: log.validationLoss, error: 1 - log.validationAccuracy });
    }
    const tested = log as { testLoss?: number; testAccuracy?: number };
    if (tested.testLoss !== undefined && tested.testAccuracy !== undefined) {
      points.push({ examples, epoch, split: 'test', loss: tested.testLoss, error: 1 - tested.testAccuracy });
    }
  }
  return points;
}

/** What {@link recordTrainingCurves} returns. */
export interface CurveRecorder {
  /** Give it to `fit`. */
  readonly callback: Callback;
  /** The points so far, in the order they were recorded. */
  points(): CurvePoint[];
}

/**
 * A `fit` callback that records learning curves against examples seen: the
 * training loss and error averaged over every `1 / pointsPerEpoch` of an
 * epoch (so curves have shape even for one epoch), and the test loss and
 * error after each epoch. Epoch numbers set the origin, so resumed runs line up.
 *
 * @example
 * const recorder = recordTrainingCurves({ trainExamples: train.count });
 * await fit(model, optimizer, { ...options, callbacks: [recorder.callback] });
 * learningCurveSpec(recorder.points(), 'loss');
 */
export function recordTrainingCurves(options: { readonly trainExamples: number; readonly pointsPerEpoch?: number }): CurveRecorder {
  const pointsPerEpoch = options.pointsPerEpoch ?? 20;
  const points: CurvePoint[] = [];
  let examples = 0;
  let interval = 1;
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  let steps = 0;
  const flush = (): void => {
    if (count > 0) points.push({ examples, epoch: examples / options.trainExamples, split: 'train', loss: lossSum / count, error: 1 - correct / count });
    lossSum = 0;
    correct = 0;
    count = 0;
    steps = 0;
  };
  return {
    points: () => [...points],
    callback: {
      onEpochBegin(epoch, context) {
        examples = (epoch - 1) * options.trainExamples;
        interval = Math.max(1, Math.floor((context.stepsPerEpoch ?? pointsPerEpoch) / pointsPerEpoch));
      },
      onBatchEnd(log) {
        examples += log.size;
        lossSum += log.loss * log.size;
        correct += (log.accuracy ?? Number.NaN) * log.size;
        count += log.size;
        steps += 1;
        if (steps >= interval) flush();
      },
      onEpochEnd(log) {
        flush();
        if (log.validationLoss !== undefined && log.validationAccuracy !== undefined) {
          points.push({ examples, epoch: examples / options.trainExamples, split: 'validation', loss: log.validationLoss, error: 1 - log.validationAccuracy });
        }
      },
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@nnlab/core';

/**
 * A quantity `fit` and `evaluate` report for every epoch besides the loss.
 * It is computed on the device, inside the training step, as a sum over the
 * batch's examples; the trainer adds the sums up (still on the device, or a
 * few steps behind on the CPU) and divides by the number of examples. Any
 * per-example mean fits this shape (accuracy, squared or absolute error, top-k
 * hits); a metric that is not a mean of per-example values (F1, AUC) does not.
 *
 * @example
 * const hitsAt5: Metric = {
 *   name: 'top5',
 *   higherIsBetter: true,
 *   batchSum: (predictions, targets) => tf.tidy(() => tf.sum(tf.cast(tf.inTopK(predictions, targets, 5), 'float32'))),
 * };
 */
export interface Metric {
  /** Key in the logs (`log.metrics[name]`, `validation.metrics[name]`); letters, digits, `_` and `-`. */
  readonly name: string;
  /** True when larger values are better (accuracy); early stopping and plateau schedulers pick their mode from it. */
  readonly higherIsBetter: boolean;
  /** Sum over the batch of the per-example value, as a float32 scalar; runs inside the step's `tf.tidy`. */
  batchSum(predictions: tf.Tensor, targets: tf.Tensor): tf.Scalar;
}

/** Number of examples whose argmax prediction equals the label (int labels `[N]` or one-hot targets `[N, C]`). */
export function countCorrect(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const predicted = tf.argMax(logits, -1);
    const labels = targets.rank === logits.rank ? tf.argMax(targets, -1) : tf.cast(targets, 'int32');
    return tf.sum(tf.cast(tf.equal(predicted, labels), 'float32'));
  });
}

/**
 * Classification accuracy: the fraction of examples whose largest logit is
 * the label (class indices or one-hot targets). `fit`'s default metric.
 *
 * @example
 * fit(model, optimizer, { train, epochs: 3, metrics: [accuracy()] });
 */
export function accuracy(): Metric {
  return { name: 'accuracy', higherIsBetter: true, batchSum: countCorrect };
}

/** Per-example values of a regression error, averaged over each example's outputs. */
function perExample(predictions: tf.Tensor, targets: tf.Tensor, error: (difference: tf.Tensor) => tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const difference = tf.sub(predictions, tf.reshape(targets, predictions.shape));
    const values = error(difference);
    const axes = Array.from({ length: values.rank - 1 }, (_, i) => i + 1);
    return tf.sum(axes.length === 0 ? values : tf.mean(values, axes));
  });
}

/**
 * Mean squared error between predictions and targets of the same size
 * (averaged over each example's outputs, then over examples): a regression metric.
 *
 * @example
 * fit(model, optimizer, { train, epochs: 20, loss: mseLoss, metrics: [meanSquaredError()] });
 */
export function meanSquaredError(): Metric {
  return { name: 'mse', higherIsBetter: false, batchSum: (p, t) => perExample(p, t, tf.square) };
}

/**
 * Mean absolute error between predictions and targets of the same size: a regression metric.
 *
 * @example
 * const { metrics } = await evaluate(model, testLoader, { loss: mseLoss, metrics: [meanAbsoluteError()] });
 */
export function meanAbsoluteError(): Metric {
  return { name: 'mae', higherIsBetter: false, batchSum: (p, t) => perExample(p, t, tf.abs) };
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Validates a metric list (names unique and well-formed, `batchSum` a function); returns it. */
export function checkMetrics(metrics: readonly Metric[], argument = 'metrics'): readonly Metric[] {
  if (!Array.isArray(metrics)) throw new InvalidArgumentError(`${argument} must be an array of metrics such as [accuracy()], got ${String(metrics)}`);
  const seen = new Set<string>();
  for (const metric of metrics) {
    if (typeof metric !== 'object' || metric === null || typeof metric.batchSum !== 'function' || typeof metric.name !== 'string') {
      throw new InvalidArgumentError(`${argument} must hold metrics { name, higherIsBetter, batchSum(predictions, targets) }, got ${String(metric)}`);
    }
    if (!NAME.test(metric.name) || metric.name === 'loss') {
      throw new InvalidArgumentError(`${argument}: metric name "${metric.name}" must start with a letter, use letters, digits, _ or -, and not be "loss"`);
    }
    if (seen.has(metric.name)) throw new InvalidArgumentError(`${argument}: two metrics are named "${metric.name}"`);
    seen.add(metric.name);
  }
  return metrics;
}

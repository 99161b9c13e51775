import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, type Module } from '@nnlab/layers';
import { eventLoopTurns } from './event-loop-turn.js';
import { accuracy, checkMetrics, type Metric } from './metric.js';
import type { BatchSource, EvaluationResult, LossFunction } from './types.js';

/** Runs `fn` with the model in eval mode, restoring its previous mode afterwards (also after an async `fn` settles). */
export function withEvalMode<T>(model: Module, fn: () => T): T {
  const wasTraining = model.training;
  model.eval();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    model.train(wasTraining);
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => model.train(wasTraining)) as T;
  }
  model.train(wasTraining);
  return result;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Default cross-entropy. */
  readonly loss?: LossFunction;
  /** Default `[accuracy()]`. */
  readonly metrics?: readonly Metric[];
}

/**
 * Mean loss and metrics of `model` (in eval mode) over every batch of
 * `data`. The sums are kept on the device and read once, asynchronously, at
 * the end, so it runs in browsers on every backend; batch tensors are
 * disposed as they are consumed.
 *
 * @example
 * const { loss, accuracy } = await evaluate(model, testLoader);
 * const { metrics } = await evaluate(regressor, testLoader, { loss: mseLoss, metrics: [meanSquaredError()] });
 */
export async function evaluate(model: Module, data: BatchSource, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const loss = options.loss ?? crossEntropy;
  const metrics = checkMetrics(options.metrics ?? [accuracy()]);
  const turns = eventLoopTurns();
  let total: tf.Tensor1D | undefined;
  let count = 0;
  try {
    await withEvalMode(model, async () => {
      for (const batch of data) {
        const size = batch.size ?? batch.x.shape[0] ?? 0;
        let next: tf.Tensor1D;
        try {
          next = tf.tidy(() => {
            const outputs = model.forward(batch.x);
            const sums = tf.stack([
              tf.mul(tf.reshape(loss(outputs, batch.y), []), size),
              ...metrics.map((metric) => tf.reshape(tf.cast(metric.batchSum(outputs, batch.y), 'float32'), [])),
            ]) as tf.Tensor1D;
            return total === undefined ? sums : tf.add(total, sums);
          });
        } finally {
          batch.x.dispose();
          batch.y.dispose();
        }
        total?.dispose();
        total = next;
        count += size;
        await turns.next();
      }
    });
    const values = total === undefined ? new Float32Array(1 + metrics.length) : await total.data();
    const mean = (sum: number | undefined): number => (count === 0 ? Number.NaN : (sum ?? Number.NaN) / count);
    const byName = Object.fromEntries(metrics.map((metric, i) => [metric.name, mean(values[1 + i])]));
    return { loss: mean(values[0]), metrics: byName, ...(byName.accuracy === undefined ? {} : { accuracy: byName.accuracy }), count };
  } finally {
    turns.close();
    total?.dispose();
  }
}

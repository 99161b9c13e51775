import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, type Module } from '@nnlab/layers';
import { countCorrect } from './train-step.js';
import type { BatchSource, EvaluationResult, LossFunction } from './types.js';

/** Runs `fn` with the model in eval mode, restoring its previous mode afterwards. */
export function withEvalMode<T>(model: Module, fn: () => T): T {
  const wasTraining = model.training;
  model.eval();
  try {
    return fn();
  } finally {
    model.train(wasTraining);
  }
}

/**
 * Mean loss and accuracy of `model` (in eval mode) over every batch of
 * `data`. Batch tensors are disposed as they are consumed.
 *
 * @example
 * const { loss, accuracy } = evaluate(model, testLoader);
 */
export function evaluate(model: Module, data: BatchSource, options: { loss?: LossFunction } = {}): EvaluationResult {
  const loss = options.loss ?? crossEntropy;
  return withEvalMode(model, () => {
    let lossSum = 0;
    let correct = 0;
    let count = 0;
    for (const batch of data) {
      const size = batch.size ?? batch.x.shape[0] ?? 0;
      const [batchLoss, batchCorrect] = tf.tidy(() => {
        const logits = model.forward(batch.x);
        return [loss(logits, batch.y).dataSync()[0] ?? Number.NaN, countCorrect(logits, batch.y).dataSync()[0] ?? 0];
      });
      batch.x.dispose();
      batch.y.dispose();
      lossSum += (batchLoss as number) * size;
      correct += batchCorrect as number;
      count += size;
    }
    return { loss: count === 0 ? Number.NaN : lossSum / count, accuracy: count === 0 ? Number.NaN : correct / count, count };
  });
}

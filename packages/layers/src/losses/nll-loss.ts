import * as tf from '@tensorflow/tfjs-core';
import { classTargets } from './class-targets.js';
import { checkReduction, reduceLoss, type LossFunction, type LossOptions } from './reduction.js';

/**
 * Negative log-likelihood, as PyTorch's `F.nll_loss`: per sample
 * `-logProbabilities[i, labels[i]]`, for log-probabilities `[N, C]` (the
 * output of `LogSoftmax`) and int32 labels `[N]`. `'mean'` (default) averages
 * over samples. `nllLoss(logSoftmax(z), y)` equals `crossEntropy(z, y)`.
 *
 * @example
 * const loss = nllLoss(new LogSoftmax().forward(logits), labels);
 */
export const nllLoss = ((logProbabilities: tf.Tensor, labels: tf.Tensor, options: LossOptions = {}) => {
  const reduction = checkReduction(options.reduction);
  return tf.tidy(() => {
    const oneHot = classTargets('nllLoss', logProbabilities, labels, false);
    return reduceLoss(tf.neg(tf.sum(tf.mul(oneHot, logProbabilities), -1)), reduction);
  });
}) as LossFunction;

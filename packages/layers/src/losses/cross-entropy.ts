import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@nnlab/core';
import { classTargets } from './class-targets.js';
import { softmaxCrossEntropyRows } from './softmax-cross-entropy-rows.js';
import { checkReduction, reduceLoss, type LossFunction, type LossOptions } from './reduction.js';

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends LossOptions {
  /** Mixes the target with the uniform distribution: `(1 - s) * target + s / C`. Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy between logits `[N, C]` and targets, as PyTorch's
 * `F.cross_entropy`: per sample `-sum_c target_c * logSoftmax(logits)_c`.
 * `target` is int32 class indices `[N]` or float32 probabilities / one-hot
 * rows `[N, C]`. Computed with each row's maximum subtracted (`tf.logSoftmax`,
 * or one fused kernel where the backend has it), so large logits do not
 * overflow. `'mean'` (default) averages over the N samples.
 *
 * Class indices are not range-checked (that would need a device read per
 * step); an index outside [0, C) contributes zero loss.
 *
 * @example
 * const loss = crossEntropy(model.forward(x), labels); // labels: int32 [N]
 */
export const crossEntropy = ((logits: tf.Tensor, target: tf.Tensor, options: CrossEntropyOptions = {}) => {
  const reduction = checkReduction(options.reduction);
  const smoothing = assertNumber('labelSmoothing', options.labelSmoothing ?? 0, { min: 0, max: 1 });
  return tf.tidy(() => {
    let distribution = classTargets('crossEntropy', logits, target, true);
    if (smoothing > 0) {
      const classes = logits.shape[1] as number;
      distribution = tf.add(tf.mul(distribution, 1 - smoothing), smoothing / classes);
    }
    const perSample = softmaxCrossEntropyRows(logits, distribution);
    return reduceLoss(perSample, reduction);
  });
}) as LossFunction<CrossEntropyOptions>;

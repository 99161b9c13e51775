import * as tf from '@tensorflow/tfjs-core';
import { assertSameShape, checkReduction, reduceLoss, type LossFunction, type LossOptions } from './reduction.js';

/**
 * Mean squared error, as PyTorch's `F.mse_loss`: `(prediction - target)^2`
 * elementwise, then averaged over all elements (`'mean'`, default) or summed.
 * Shapes must be equal (no broadcasting, which hides bugs).
 *
 * @example
 * const loss = mseLoss(model.forward(x), y);
 */
export const mseLoss = ((prediction: tf.Tensor, target: tf.Tensor, options: LossOptions = {}) => {
  const reduction = checkReduction(options.reduction);
  assertSameShape('mseLoss', prediction, target);
  return tf.tidy(() => reduceLoss(tf.squaredDifference(prediction, target), reduction));
}) as LossFunction;

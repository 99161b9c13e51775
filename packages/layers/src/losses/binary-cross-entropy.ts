import * as tf from '@tensorflow/tfjs-core';
import { assertFloat, assertSameShape, checkReduction, reduceLoss, type LossFunction, type LossOptions } from './reduction.js';

// PyTorch clamps log terms at -100 so p = 0 or 1 gives a finite loss, and
// divides the gradient by max(p (1 - p), 1e-12).
const LOG_FLOOR = -100;
const GRAD_EPSILON = 1e-12;

const clampedLog = (x: tf.Tensor): tf.Tensor => tf.maximum(tf.log(x), LOG_FLOOR);

// A custom gradient gives PyTorch's backward exactly, including at p = 0 or 1
// (a saturated sigmoid), where differentiating the clamped logs gives NaN.
const elementwise = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  // customGrad passes the inputs then the save function.
  const [p, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([p, y]);
  const logP = clampedLog(p);
  const logQ = clampedLog(tf.sub(1, p));
  const value = tf.neg(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), logQ)));
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [ps, ys] = saved as [tf.Tensor, tf.Tensor];
    const gradP = tf.div(tf.sub(ps, ys), tf.maximum(tf.mul(ps, tf.sub(1, ps)), GRAD_EPSILON));
    const gradY = tf.sub(clampedLog(tf.sub(1, ps)), clampedLog(ps));
    return [tf.mul(dy, gradP), tf.mul(dy, gradY)];
  };
  return { value, gradFunc };
});

/**
 * Binary cross-entropy on probabilities, as PyTorch's `F.binary_cross_entropy`:
 * `-(y log p + (1 - y) log(1 - p))` elementwise with each log clamped at -100,
 * averaged over all elements by default. Prefer
 * {@link binaryCrossEntropyWithLogits} on raw scores: it is more accurate.
 *
 * @example
 * const loss = binaryCrossEntropy(tf.sigmoid(scores), targets);
 */
export const binaryCrossEntropy = ((probabilities: tf.Tensor, targets: tf.Tensor, options: LossOptions = {}) => {
  const reduction = checkReduction(options.reduction);
  assertSameShape('binaryCrossEntropy', probabilities, targets);
  assertFloat('binaryCrossEntropy', 'probabilities', probabilities);
  assertFloat('binaryCrossEntropy', 'targets', targets);
  return tf.tidy(() => reduceLoss(elementwise(probabilities, targets), reduction));
}) as LossFunction;

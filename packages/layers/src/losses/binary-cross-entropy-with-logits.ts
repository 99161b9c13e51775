import * as tf from '@tensorflow/tfjs-core';
import { assertFloat, assertSameShape, checkReduction, reduceLoss, type LossFunction, type LossOptions } from './reduction.js';

// Stable form max(x, 0) - x y + log(1 + exp(-|x|)); the gradient is written
// out (sigmoid(x) - y) because differentiating |x| and max(x, 0) at x = 0
// depends on each backend's subgradient choice.
const elementwise = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  // customGrad passes the inputs then the save function.
  const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, y]);
  const value = tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [xs, ys] = saved as [tf.Tensor, tf.Tensor];
    return [tf.mul(dy, tf.sub(tf.sigmoid(xs), ys)), tf.mul(dy, tf.neg(xs))];
  };
  return { value, gradFunc };
});

/**
 * Binary cross-entropy on logits, as PyTorch's
 * `F.binary_cross_entropy_with_logits`: equal to
 * `binaryCrossEntropy(sigmoid(logits), targets)` but stable for large |logits|.
 * Averaged over all elements by default.
 *
 * @example
 * const loss = binaryCrossEntropyWithLogits(model.forward(x), targets);
 */
export const binaryCrossEntropyWithLogits = ((logits: tf.Tensor, targets: tf.Tensor, options: LossOptions = {}) => {
  const reduction = checkReduction(options.reduction);
  assertSameShape('binaryCrossEntropyWithLogits', logits, targets);
  assertFloat('binaryCrossEntropyWithLogits', 'logits', logits);
  assertFloat('binaryCrossEntropyWithLogits', 'targets', targets);
  return tf.tidy(() => reduceLoss(elementwise(logits, targets), reduction));
}) as LossFunction;

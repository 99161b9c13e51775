import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single, unbroadcast } from './unbroadcast.js';

/**
 * Gradients of the broadcasting element-wise binary kernels. Every input
 * gradient is reduced back to its input's shape with {@link unbroadcast}.
 */

function binary(
  kernelName: string,
  gradients: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor, y: tf.Tensor | undefined) => [() => tf.Tensor, () => tf.Tensor],
  saveOutput = false,
): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    ...(saveOutput ? { outputsToSave: [true] } : {}),
    gradFunc: (dy, saved) => {
      const a = savedAt(saved, 0, kernelName);
      const b = savedAt(saved, 1, kernelName);
      const [da, db] = gradients(single(dy), a, b, saved[2]);
      return { a: () => unbroadcast(da(), a.shape), b: () => unbroadcast(db(), b.shape) };
    },
  };
}

const asFloat = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));

export const binaryGradientConfigs: readonly tf.GradConfig[] = [
  binary(tf.Add, (dy) => [() => dy, () => dy]),
  binary(tf.Sub, (dy) => [() => dy, () => tf.neg(dy)]),
  binary(tf.Multiply, (dy, a, b) => [() => tf.mul(dy, asFloat(b)), () => tf.mul(dy, asFloat(a))]),
  binary(tf.RealDiv, (dy, a, b) => [
    () => tf.div(dy, asFloat(b)),
    // d(a/b)/db = -a / b^2
    () => tf.neg(tf.div(tf.mul(dy, asFloat(a)), tf.square(asFloat(b)))),
  ]),
  // tf.div of two int32 tensors runs FloorDiv: tfjs differentiates it as the division it stands for,
  // and so do we. A floorDiv of floats is piecewise constant: zero almost everywhere (TensorFlow's too).
  binary(tf.FloorDiv, (dy, a, b) =>
    a.dtype === 'int32' && b.dtype === 'int32'
      ? [() => tf.div(dy, asFloat(b)), () => tf.neg(tf.div(tf.mul(dy, asFloat(a)), tf.square(asFloat(b))))]
      : [() => tf.zerosLike(dy), () => tf.zerosLike(dy)],
  ),
  binary(tf.SquaredDifference, (dy, a, b) => {
    const twice = (): tf.Tensor => tf.mul(dy, tf.mul(tf.sub(a, b), 2));
    return [twice, () => tf.neg(twice())];
  }),
  binary(
    tf.Pow,
    (dy, a, b, y) => [
      // d(a^b)/da = b * a^(b-1)
      () => tf.mul(dy, tf.mul(asFloat(b), tf.pow(a, tf.sub(asFloat(b), 1)))),
      // d(a^b)/db = a^b * ln(a), taken as 0 where a <= 0 (as TensorFlow does)
      () => {
        const positive = tf.greater(a, 0);
        const logA = tf.where(positive, tf.log(asFloat(a)), tf.zerosLike(asFloat(a)));
        return tf.mul(dy, tf.mul(y ?? tf.pow(a, b), logA));
      },
    ],
    true,
  ),
  // Ties send the whole gradient to `a`, matching TensorFlow.
  binary(tf.Maximum, (dy, a, b) => [
    () => tf.mul(dy, tf.cast(tf.greaterEqual(a, b), 'float32')),
    () => tf.mul(dy, tf.cast(tf.less(a, b), 'float32')),
  ]),
  binary(tf.Minimum, (dy, a, b) => [
    () => tf.mul(dy, tf.cast(tf.lessEqual(a, b), 'float32')),
    () => tf.mul(dy, tf.cast(tf.greater(a, b), 'float32')),
  ]),
  {
    kernelName: tf.AddN,
    saveAllInputs: true,
    gradFunc: (dy, saved) => Object.fromEntries(saved.map((_, i) => [String(i), () => tf.clone(single(dy))])),
  },
  {
    kernelName: tf.Prelu,
    inputsToSave: ['x', 'alpha'],
    gradFunc: (dy, saved) => {
      const x = savedAt(saved, 0, tf.Prelu);
      const alpha = savedAt(saved, 1, tf.Prelu);
      const g = single(dy);
      const positive = tf.greater(x, 0);
      return {
        x: () => unbroadcast(tf.where(positive, g, tf.mul(g, alpha)), x.shape),
        alpha: () => unbroadcast(tf.where(positive, tf.zerosLike(g), tf.mul(g, x)), alpha.shape),
      };
    },
  },
];

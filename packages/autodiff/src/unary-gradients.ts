import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single } from './unbroadcast.js';

/**
 * Gradients of element-wise unary math kernels, written as
 * `dx = dy * f'(x)` (or `f'(y)` where the output makes it cheaper).
 */

type Derivative = (x: tf.Tensor) => tf.Tensor;

/** dx = dy * derivative(saved input). */
export function fromInput(kernelName: string, derivative: Derivative): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = savedAt(saved, 0, kernelName);
      return { x: () => tf.mul(single(dy), derivative(x)) };
    },
  };
}

/** dx = dy * derivative(saved output). */
export function fromOutput(kernelName: string, derivative: Derivative): tf.GradConfig {
  return {
    kernelName,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const y = savedAt(saved, 0, kernelName);
      return { x: () => tf.mul(single(dy), derivative(y)) };
    },
  };
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const unaryGradientConfigs: readonly tf.GradConfig[] = [
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(single(dy)) }) },
  fromInput(tf.Square, (x) => tf.mul(x, 2)),
  fromOutput(tf.Sqrt, (y) => tf.div(0.5, y)),
  // d(x^-1/2) = -1/2 x^-3/2 = -1/2 y^3
  fromOutput(tf.Rsqrt, (y) => tf.mul(tf.pow(y, 3), -0.5)),
  fromOutput(tf.Exp, (y) => y),
  fromInput(tf.Expm1, (x) => tf.exp(x)),
  fromInput(tf.Log, (x) => tf.reciprocal(x)),
  fromInput(tf.Log1p, (x) => tf.reciprocal(tf.add(x, 1))),
  fromInput(tf.Reciprocal, (x) => tf.neg(tf.reciprocal(tf.square(x)))),
  fromInput(tf.Abs, (x) => tf.sign(x)),
  fromInput(tf.Sin, (x) => tf.cos(x)),
  fromInput(tf.Cos, (x) => tf.neg(tf.sin(x))),
  fromInput(tf.Erf, (x) => tf.mul(tf.exp(tf.neg(tf.square(x))), TWO_OVER_SQRT_PI)),
];

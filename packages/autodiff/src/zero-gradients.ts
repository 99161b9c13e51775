import * as tf from '@tensorflow/tfjs-core';
import { single } from './unbroadcast.js';

/**
 * Kernels whose output is piecewise constant in their inputs (rounding,
 * comparisons, arg-max, one-hot, ...). Their gradient is zero almost
 * everywhere; registering it lets gradients flow through graphs that contain
 * them (e.g. a `where(greater(x, 0), ...)` mask) instead of failing.
 * Logical ops (`LogicalAnd`, `LogicalOr`, `LogicalNot`) have none, as in tfjs:
 * a bool-to-bool kernel on the path to a loss is a mistake tfjs reports
 * ("gradient function not found"), and a zero gradient would hide it.
 */

const UNARY_ZERO_KERNELS = [
  tf.Floor, tf.Ceil, tf.Round, tf.Sign, tf.Step, tf.OnesLike, tf.ZerosLike,
  tf.IsNan, tf.IsInf, tf.IsFinite,
] as const;

const BINARY_ZERO_KERNELS = [
  tf.Equal, tf.NotEqual, tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual,
] as const;

const zeros = (t: tf.Tensor) => (): tf.Tensor => tf.zeros(t.shape, 'float32');

function zeroGradient(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, saved) =>
      Object.fromEntries(
        inputNames.map((name, i) => {
          const input = saved[i];
          if (input === undefined) throw new Error(`gradient of ${kernelName}: input ${name} was not saved`);
          return [name, zeros(input)];
        }),
      ),
  };
}

/** Element-wise unary kernels: the input has the upstream gradient's shape, so nothing is saved. */
function elementwiseZeroGradient(kernelName: string): tf.GradConfig {
  return { kernelName, gradFunc: (dy) => ({ x: () => tf.zeros(single(dy).shape, 'float32') }) };
}

export const zeroGradientConfigs: readonly tf.GradConfig[] = [
  ...UNARY_ZERO_KERNELS.map((name) => elementwiseZeroGradient(name)),
  ...BINARY_ZERO_KERNELS.map((name) => zeroGradient(name, ['a', 'b'])),
  zeroGradient(tf.ArgMax, ['x']),
  zeroGradient(tf.ArgMin, ['x']),
  zeroGradient(tf.OneHot, ['indices']),
];

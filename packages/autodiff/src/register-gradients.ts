import * as tf from '@tensorflow/tfjs-core';
import { activationGradientConfigs } from './activation-gradients.js';
import { binaryGradientConfigs } from './binary-gradients.js';
import { convGradientConfigs } from './conv-gradients.js';
import { lossGradientConfigs } from './loss-gradients.js';
import { matMulGradientConfigs } from './matmul-gradients.js';
import { normalizationGradientConfigs } from './normalization-gradients.js';
import { reductionGradientConfigs } from './reduction-gradients.js';
import { shapeGradientConfigs } from './shape-gradients.js';
import { unaryGradientConfigs } from './unary-gradients.js';
import { zeroGradientConfigs } from './zero-gradients.js';

const ALL_CONFIGS: readonly tf.GradConfig[] = [
  ...binaryGradientConfigs,
  ...unaryGradientConfigs,
  ...matMulGradientConfigs,
  ...activationGradientConfigs,
  ...reductionGradientConfigs,
  ...shapeGradientConfigs,
  ...convGradientConfigs,
  ...normalizationGradientConfigs,
  ...lossGradientConfigs,
  ...zeroGradientConfigs,
];

/**
 * The tfjs kernel names `@nnlab/autodiff` defines gradients for, in
 * registration order.
 *
 * @example
 * gradientKernelNames.includes('Conv2D'); // true
 */
export const gradientKernelNames: readonly string[] = Object.freeze(ALL_CONFIGS.map((config) => config.kernelName));

/** What {@link registerGradients} did. */
export interface RegisteredGradients {
  /** Kernels whose gradient this call registered. */
  readonly registered: readonly string[];
  /** Kernels that already had a gradient (ours from an earlier call, or tfjs's own) and were left alone. */
  readonly alreadyPresent: readonly string[];
}

/**
 * Registers gradient functions for every kernel in {@link gradientKernelNames}
 * that has none yet (`tf.getGradient(name)` undefined), so `tf.grads`,
 * `tf.variableGrads` and `optimizer.minimize` work with tfjs-core alone.
 * Idempotent, and it leaves gradients that are already registered (for example
 * by `@tensorflow/tfjs`) untouched.
 *
 * Its callers in nnlab are every backend provider's `activate()` (so
 * `tf.grads` works with a backend package alone) and @nnlab/testing's run of
 * tfjs-core's gradient specs on stock tfjs-backend-cpu; `fit`, `gradcheck`
 * and the conformance checks rely on an activated backend instead. Call it
 * yourself only when you use tfjs-core with a stock backend and no nnlab one.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * registerGradients();
 * const [dx] = tf.grads((x: tf.Tensor) => tf.sum(tf.square(x)))([tf.tensor1d([1, 2])]); // [2, 4]
 */
export function registerGradients(): RegisteredGradients {
  const registered: string[] = [];
  const alreadyPresent: string[] = [];
  for (const config of ALL_CONFIGS) {
    if (tf.getGradient(config.kernelName) != null) {
      alreadyPresent.push(config.kernelName);
    } else {
      tf.registerGradient(config);
      registered.push(config.kernelName);
    }
  }
  return { registered, alreadyPresent };
}

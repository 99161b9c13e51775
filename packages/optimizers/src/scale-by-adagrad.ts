import { assertNumber, FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { runFusedKernel } from './fused-kernel.js';
import { entry, slot } from './tensor-map.js';

/** Options of {@link scaleByAdagrad}. */
export interface ScaleByAdagradOptions {
  /** Starting value of the squared-gradient sum, >= 0. Default 0. */
  initialAccumulatorValue?: number;
  /** Added to the root for stability, >= 0. Default 1e-10. */
  epsilon?: number;
  /** Step-size decay: the update is divided by `1 + (t - 1) * learningRateDecay`. Default 0. */
  learningRateDecay?: number;
}

/** State of {@link scaleByAdagrad}: the running sum of squared gradients. */
export type AdagradState = { sum: TensorMap };

/**
 * Adagrad's direction as in PyTorch: `sum += g^2`,
 * `update = g / (sqrt(sum) + epsilon) / (1 + (t - 1) * learningRateDecay)`.
 * Follow it with `scaleByLearningRate`.
 *
 * @example
 * const adagradTransform = chain(scaleByAdagrad({ initialAccumulatorValue: 0.1 }), scaleByLearningRate());
 */
export function scaleByAdagrad(options: ScaleByAdagradOptions = {}): GradientTransformation<AdagradState> {
  const initial = assertNumber('initialAccumulatorValue', options.initialAccumulatorValue ?? 0, { min: 0 });
  const epsilon = assertNumber('epsilon', options.epsilon ?? 1e-10, { min: 0 });
  const decay = assertNumber('learningRateDecay', options.learningRateDecay ?? 0, { min: 0 });
  return {
    init(params) {
      const sum: TensorMap = {};
      for (const [name, value] of Object.entries(params)) sum[name] = tf.fill(value.shape, initial, 'float32');
      return { sum };
    },
    update(gradients, state, _params, { step }) {
      const sums = slot(state, 'sum');
      const eps = tf.scalar(epsilon);
      const scale = decay === 0 ? undefined : tf.scalar(1 / (1 + (step - 1) * decay));
      const next: AdagradState = { sum: {} };
      const updates: TensorMap = {};
      for (const [name, g] of Object.entries(gradients)) {
        // One kernel instead of five where the backend has it (nnlab's wasm); same float32 math.
        const fused = runFusedKernel(
          FUSED_KERNELS.adagrad,
          { gradient: g, sum: entry(sums, name, 'sum') },
          { epsilon, scale: decay === 0 ? 1 : 1 / (1 + (step - 1) * decay) },
        );
        if (fused !== undefined) {
          [next.sum[name], updates[name]] = fused as [tf.Tensor, tf.Tensor];
          continue;
        }
        const sum = tf.add(entry(sums, name, 'sum'), tf.square(g));
        next.sum[name] = sum;
        const direction = tf.div(g, tf.add(tf.sqrt(sum), eps));
        updates[name] = scale ? tf.mul(direction, scale) : direction;
      }
      return { updates, state: next };
    },
  };
}

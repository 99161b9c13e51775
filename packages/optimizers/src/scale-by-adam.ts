import { assertNumber, FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { runFusedKernel } from './fused-kernel.js';
import { assertBoolean, assertDecayRate } from './option-checks.js';
import { entry, slot } from './tensor-map.js';

/** Options of {@link scaleByAdam}. */
export interface ScaleByAdamOptions {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator for stability, >= 0. Default 1e-8. */
  epsilon?: number;
  /** Use the running maximum of the second moment (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/** State of {@link scaleByAdam}: moment averages (and their running max with AMSGrad). */
export type AdamState = { firstMoment: TensorMap; secondMoment: TensorMap; maxSecondMoment?: TensorMap };

/**
 * Adam's direction, bias-corrected as in PyTorch (epsilon added after the
 * bias correction of the root):
 * `m = beta1 m + (1 - beta1) g`, `v = beta2 v + (1 - beta2) g^2`,
 * `update = (m / (1 - beta1^t)) / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)`,
 * with `v` replaced by `max(vmax, v)` under AMSGrad. Follow it with
 * `scaleByLearningRate`.
 *
 * @example
 * const adamTransform = chain(scaleByAdam({ beta2: 0.99 }), scaleByLearningRate());
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<AdamState> {
  const beta1 = assertDecayRate('beta1', options.beta1 ?? 0.9);
  const beta2 = assertDecayRate('beta2', options.beta2 ?? 0.999);
  const epsilon = assertNumber('epsilon', options.epsilon ?? 1e-8, { min: 0 });
  const amsgrad = assertBoolean('amsgrad', options.amsgrad ?? false);
  return {
    init(params) {
      const zeros = (): TensorMap =>
        Object.fromEntries(Object.entries(params).map(([name, value]) => [name, tf.zerosLike(value)]));
      return amsgrad
        ? { firstMoment: zeros(), secondMoment: zeros(), maxSecondMoment: zeros() }
        : { firstMoment: zeros(), secondMoment: zeros() };
    },
    update(gradients, state, _params, { step }) {
      // Scalars are made once per step and shared by every parameter.
      const b1 = tf.scalar(beta1);
      const b2 = tf.scalar(beta2);
      const oneMinusB1 = tf.scalar(1 - beta1);
      const oneMinusB2 = tf.scalar(1 - beta2);
      // (m / c1) / (sqrt(v) / c2 + eps) == m * (c2 / c1) / (sqrt(v) + eps * c2): PyTorch's
      // epsilon placement with one full-size operation fewer per parameter.
      const correction2 = Math.sqrt(1 - beta2 ** step);
      const scale = tf.scalar(correction2 / (1 - beta1 ** step));
      const eps = tf.scalar(epsilon * correction2);
      const first = slot(state, 'firstMoment');
      const second = slot(state, 'secondMoment');
      const max = amsgrad ? slot(state, 'maxSecondMoment') : undefined;
      const next: AdamState = { firstMoment: {}, secondMoment: {}, ...(max ? { maxSecondMoment: {} } : {}) };
      const updates: TensorMap = {};
      for (const [name, g] of Object.entries(gradients)) {
        // One kernel instead of eleven where the backend has it (nnlab's wasm); same float32 math.
        const fused = max
          ? undefined
          : runFusedKernel(
              FUSED_KERNELS.adam,
              { gradient: g, firstMoment: entry(first, name, 'firstMoment'), secondMoment: entry(second, name, 'secondMoment') },
              { beta1, beta2, epsilon: epsilon * correction2, scale: correction2 / (1 - beta1 ** step) },
            );
        if (fused !== undefined) {
          [next.firstMoment[name], next.secondMoment[name], updates[name]] = fused as [tf.Tensor, tf.Tensor, tf.Tensor];
          continue;
        }
        const m = tf.add(tf.mul(entry(first, name, 'firstMoment'), b1), tf.mul(g, oneMinusB1));
        const v = tf.add(tf.mul(entry(second, name, 'secondMoment'), b2), tf.mul(tf.square(g), oneMinusB2));
        next.firstMoment[name] = m;
        next.secondMoment[name] = v;
        let denominatorSource = v;
        if (max && next.maxSecondMoment) {
          denominatorSource = tf.maximum(entry(max, name, 'maxSecondMoment'), v);
          next.maxSecondMoment[name] = denominatorSource;
        }
        updates[name] = tf.mul(tf.div(m, tf.add(tf.sqrt(denominatorSource), eps)), scale);
      }
      return { updates, state: next };
    },
  };
}

import { assertNumber } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { assertBoolean } from './option-checks.js';
import { entry, slot } from './tensor-map.js';

/** Options of {@link scaleByRms}. */
export interface ScaleByRmsOptions {
  /** Smoothing constant of the squared-gradient average, in [0, 1]. Default 0.99. */
  alpha?: number;
  /** Added to the root for stability, >= 0. Default 1e-8. */
  epsilon?: number;
  /** Divide by the estimated variance instead of the raw second moment. Default false. */
  centered?: boolean;
  /** Momentum on the scaled gradient, >= 0. Default 0. */
  momentum?: number;
}

/** State of {@link scaleByRms}: squared-gradient average, plus gradient average and momentum buffer when used. */
export type RmsState = { squareAverage: TensorMap; gradientAverage?: TensorMap; momentum?: TensorMap };

/**
 * RMSprop's direction as in PyTorch:
 * `s = alpha s + (1 - alpha) g^2`; centered also keeps `a = alpha a + (1 - alpha) g`
 * and uses `s - a^2`; `d = g / (sqrt(...) + epsilon)`; with momentum
 * `buf = momentum buf + d` and the update is `buf`, else `d`. Follow it with
 * `scaleByLearningRate`.
 *
 * @example
 * const rmspropTransform = chain(scaleByRms({ centered: true }), scaleByLearningRate());
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<RmsState> {
  const alpha = assertNumber('alpha', options.alpha ?? 0.99, { min: 0, max: 1 });
  const epsilon = assertNumber('epsilon', options.epsilon ?? 1e-8, { min: 0 });
  const centered = assertBoolean('centered', options.centered ?? false);
  const momentum = assertNumber('momentum', options.momentum ?? 0, { min: 0 });
  return {
    init(params) {
      const zeros = (): TensorMap =>
        Object.fromEntries(Object.entries(params).map(([name, value]) => [name, tf.zerosLike(value)]));
      const state: RmsState = { squareAverage: zeros() };
      if (centered) state.gradientAverage = zeros();
      if (momentum > 0) state.momentum = zeros();
      return state;
    },
    update(gradients, state, _params) {
      const a = tf.scalar(alpha);
      const oneMinusA = tf.scalar(1 - alpha);
      const eps = tf.scalar(epsilon);
      const decay = tf.scalar(momentum);
      const squares = slot(state, 'squareAverage');
      const averages = centered ? slot(state, 'gradientAverage') : undefined;
      const buffers = momentum > 0 ? slot(state, 'momentum') : undefined;
      const next: RmsState = { squareAverage: {} };
      if (averages) next.gradientAverage = {};
      if (buffers) next.momentum = {};
      const updates: TensorMap = {};
      for (const [name, g] of Object.entries(gradients)) {
        const s = tf.add(tf.mul(entry(squares, name, 'squareAverage'), a), tf.mul(tf.square(g), oneMinusA));
        next.squareAverage[name] = s;
        let variance = s;
        if (averages && next.gradientAverage) {
          const mean = tf.add(tf.mul(entry(averages, name, 'gradientAverage'), a), tf.mul(g, oneMinusA));
          next.gradientAverage[name] = mean;
          variance = tf.sub(s, tf.mul(mean, mean));
        }
        const direction = tf.div(g, tf.add(tf.sqrt(variance), eps));
        if (buffers && next.momentum) {
          const buf = tf.add(tf.mul(entry(buffers, name, 'momentum'), decay), direction);
          next.momentum[name] = buf;
          updates[name] = buf;
        } else {
          updates[name] = direction;
        }
      }
      return { updates, state: next };
    },
  };
}

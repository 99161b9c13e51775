import { assertNumber, InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { assertBoolean } from './option-checks.js';
import { entry, slot } from './tensor-map.js';

/** Options of {@link trace}. */
export interface TraceOptions {
  /** Momentum factor, >= 0; 0 makes the transform a pass-through with no state. */
  momentum: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). Default false. */
  nesterov?: boolean;
  /** Dampening of the new gradient in the buffer, in [0, 1]. Default 0. */
  dampening?: number;
}

/** State of {@link trace}: the momentum buffer (absent when momentum is 0). */
export type TraceState = { momentum?: TensorMap };

/**
 * Momentum exactly as PyTorch's SGD: on the first step `buf = g`, then
 * `buf = momentum * buf + (1 - dampening) * g`; the update is `buf`, or
 * `g + momentum * buf` with `nesterov`. The buffer holds gradients, not
 * learning-rate-scaled steps, so put it before `scaleByLearningRate`.
 *
 * @example
 * const sgdMomentum = chain(trace({ momentum: 0.9 }), scaleByLearningRate());
 */
export function trace(options: TraceOptions): GradientTransformation<TraceState> {
  const momentum = assertNumber('momentum', options.momentum, { min: 0 });
  const nesterov = assertBoolean('nesterov', options.nesterov ?? false);
  const dampening = assertNumber('dampening', options.dampening ?? 0, { min: 0, max: 1 });
  if (nesterov && (momentum === 0 || dampening !== 0)) {
    throw new InvalidArgumentError(
      `nesterov requires momentum > 0 and dampening = 0, got momentum ${momentum} and dampening ${dampening}`,
    );
  }
  return {
    init(params) {
      if (momentum === 0) return {};
      const buffers: TensorMap = {};
      for (const [name, value] of Object.entries(params)) buffers[name] = tf.zerosLike(value);
      return { momentum: buffers };
    },
    update(gradients, state, _params, { step }) {
      if (momentum === 0) return { updates: gradients, state };
      const previous = slot(state, 'momentum');
      const decay = tf.scalar(momentum);
      const keep = dampening === 0 ? undefined : tf.scalar(1 - dampening);
      const buffers: TensorMap = {};
      const updates: TensorMap = {};
      for (const [name, g] of Object.entries(gradients)) {
        // PyTorch creates the buffer from the first gradient, undamped.
        const buf =
          step === 1
            ? tf.clone(g)
            : tf.add(tf.mul(entry(previous, name, 'momentum'), decay), keep ? tf.mul(g, keep) : g);
        buffers[name] = buf;
        updates[name] = nesterov ? tf.add(g, tf.mul(buf, decay)) : buf;
      }
      return { updates, state: { momentum: buffers } };
    },
  };
}

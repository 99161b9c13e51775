import type * as tf from '@tensorflow/tfjs-core';

/**
 * Tensors keyed by parameter name: gradients, updates, parameters, and each
 * per-parameter slot of an optimizer's state.
 *
 * @example
 * const gradients: TensorMap = { '0.weight': dW, '0.bias': db };
 */
export type TensorMap = Record<string, tf.Tensor>;

/**
 * The state of a {@link GradientTransformation}: named {@link TensorMap}s
 * (one tensor per parameter, such as Adam's moments) plus plain numbers.
 * Keeping it this flat is what lets `Optimizer.stateDict()` save any
 * transform's state without knowing the transform.
 *
 * @example
 * const state: TensorState = { firstMoment: { w: tf.zeros([3]) }, count: 0 };
 */
export type TensorState = Record<string, TensorMap | number>;

/** What the optimizer tells a transform about the step being taken. */
export interface UpdateContext {
  /** 1-based index of this step (1 on the first `optimizer.step()`); bias corrections use it. */
  readonly step: number;
  /** Learning rate for this step, already resolved from a number or schedule. */
  readonly learningRate: number;
}

/**
 * An optax-style gradient transformation: a pure `init`/`update` pair.
 * `update` maps gradients to updates (the optimizer applies
 * `param += update`) and returns the next state; it never mutates tensors.
 *
 * Contract (the `Optimizer` relies on it):
 * - every {@link TensorMap} in the state is keyed by parameter names;
 * - `update` may receive only some of the parameters (those that got a
 *   gradient this step); the optimizer hands it the matching slice of every
 *   state map and keeps the rest unchanged;
 * - `update` runs inside the optimizer's `tf.tidy`, so intermediate tensors
 *   need no manual disposal; returned state must be new tensors (the
 *   optimizer disposes the state it replaces).
 *
 * @example
 * const scaleByTwo: GradientTransformation = {
 *   init: () => ({}),
 *   update: (gradients, state) => ({
 *     updates: Object.fromEntries(Object.entries(gradients).map(([k, g]) => [k, tf.mul(g, 2)])),
 *     state,
 *   }),
 * };
 */
export interface GradientTransformation<S extends TensorState = TensorState> {
  /** Creates the initial state for `params` (their values are not changed). */
  init(params: TensorMap): S;
  /** Turns `gradients` into updates and advances the state. */
  update(gradients: TensorMap, state: S, params: TensorMap, context: UpdateContext): { updates: TensorMap; state: S };
}

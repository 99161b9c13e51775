import { InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { assert } from 'vitest';

/** Anything {@link expectTensorClose} accepts as the expected values. */
export type ExpectedValues = tf.Tensor | readonly number[] | Float32Array | Float64Array | Int32Array | Uint8Array;

/** Tolerances for {@link expectTensorClose}: element-wise |actual - expected| <= atol + rtol * |expected|. */
export interface TensorCloseOptions {
  /** Relative tolerance (default 1e-4, float32-appropriate). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-5). */
  readonly atol?: number;
  /** Prefix for the failure message, e.g. the case name. */
  readonly message?: string;
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] ?? 1;
    index[d] = rest % size;
    rest = Math.floor(rest / size);
  }
  return index;
}

function sameSpecial(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || (!Number.isFinite(a) && a === b);
}

/**
 * Asserts that `actual` matches `expected` element-wise within
 * |actual - expected| <= atol + rtol * |expected| (NaN matches only NaN,
 * infinities only the same infinity). A tensor `expected` must have the same
 * shape; an array must have `actual.size` elements in row-major order. The
 * failure message gives both shapes, how many elements are off, and the
 * worst element: its index, both values and the allowed difference.
 *
 * @example
 * expectTensorClose(tf.add(a, b), [4, 6], { rtol: 1e-6, message: 'add' });
 */
export function expectTensorClose(actual: tf.Tensor, expected: ExpectedValues, options: TensorCloseOptions = {}): void {
  const rtol = options.rtol ?? 1e-4;
  const atol = options.atol ?? 1e-5;
  if (!(rtol >= 0 && atol >= 0)) {
    throw new InvalidArgumentError(`expectTensorClose: rtol and atol must be >= 0, got rtol ${rtol}, atol ${atol}`);
  }
  const prefix = options.message === undefined ? '' : `${options.message}: `;
  const expectedShape = expected instanceof tf.Tensor ? expected.shape : [expected.length];
  const expectedValues = expected instanceof tf.Tensor ? expected.dataSync() : expected;
  if (expected instanceof tf.Tensor ? !tf.util.arraysEqual(actual.shape, expected.shape) : actual.size !== expected.length) {
    assert.fail(`${prefix}shape mismatch: actual [${actual.shape}] (${actual.size} elements), expected [${expectedShape}] (${expectedValues.length} elements)`);
  }
  const actualValues = actual.dataSync();
  let worst = -1;
  let worstExcess = -Infinity;
  let failures = 0;
  let maxDiff = 0;
  for (let i = 0; i < actualValues.length; i++) {
    const a = Number(actualValues[i]);
    const e = Number(expectedValues[i]);
    if (sameSpecial(a, e)) continue;
    const diff = Math.abs(a - e);
    const allowed = atol + rtol * Math.abs(e);
    if (Number.isFinite(diff)) maxDiff = Math.max(maxDiff, diff);
    // Non-finite values only match themselves (handled above); `rtol * Infinity` must not excuse them.
    if (!Number.isFinite(a) || !Number.isFinite(e) || !(diff <= allowed)) {
      failures++;
      const excess = Number.isNaN(diff) ? Infinity : diff - allowed;
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = i;
      }
    }
  }
  if (failures > 0) {
    const a = Number(actualValues[worst]);
    const e = Number(expectedValues[worst]);
    assert.fail(
      `${prefix}${failures} of ${actualValues.length} elements differ beyond atol ${atol} + rtol ${rtol} * |expected|; ` +
        `max |actual - expected| = ${maxDiff}; worst at [${indexOf(worst, actual.shape)}] (flat ${worst}): ` +
        `actual ${a}, expected ${e}, allowed ${atol + rtol * Math.abs(e)}; shape [${actual.shape}]`,
    );
  }
}

/**
 * Asserts that `tensor` has exactly `shape`.
 *
 * @example
 * expectShape(model.forward(x), [32, 10]);
 */
export function expectShape(tensor: tf.Tensor, shape: readonly number[], message?: string): void {
  if (!tf.util.arraysEqual(tensor.shape, shape as number[])) {
    assert.fail(`${message === undefined ? '' : `${message}: `}expected shape [${shape}], got [${tensor.shape}]`);
  }
}

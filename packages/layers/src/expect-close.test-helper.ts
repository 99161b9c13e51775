import * as tf from '@tensorflow/tfjs-core';
import { expectTensorClose } from '@nnlab/testing';
import type { Values } from './layers-fixture.test-helper.js';

/** Float32 tolerance for comparing with the float64 PyTorch references. */
export const TOLERANCE = { rtol: 1e-5, atol: 1e-6 } as const;

/**
 * `expectTensorClose` for nested fixture arrays: the expected values become a
 * tensor so that shapes are compared too. Default tolerance {@link TOLERANCE}.
 */
export function expectClose(actual: tf.Tensor, expected: Values | tf.Tensor, tolerance = TOLERANCE, message?: string): void {
  const want = expected instanceof tf.Tensor ? expected : tf.tensor(expected);
  try {
    expectTensorClose(actual, want, { ...tolerance, ...(message === undefined ? {} : { message }) });
  } finally {
    if (want !== expected) want.dispose();
  }
}

import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Checks the active backend's `NnlabAllFinite` (`FUSED_KERNELS.allFinite`,
 * the trainer's check before a masked update): one NaN or infinity at the
 * first, middle or last position of any input of 1 to 1001 elements is
 * found, while float32 values near the largest finite one, int32 inputs
 * and an empty input pass. Sizes around the vector widths catch a SIMD
 * loop's tail.
 *
 * @example
 * await wasmBackend.activate();
 * expectAllFiniteKernel();
 */
export function expectAllFiniteKernel(): void {
  const allFinite = (...tensors: tf.Tensor[]): number =>
    tf.tidy(() => (tf.engine().runKernel(FUSED_KERNELS.allFinite, tensors as unknown as tf.NamedTensorMap) as tf.Tensor).dataSync()[0] as number);
  const ints = tf.tensor1d([1, 2, 3], 'int32');
  for (const size of [1, 3, 4, 5, 17, 1001]) {
    const values = new Float32Array(size).fill(3.4e38);
    expect(allFinite(tf.tensor1d(values), ints), `size ${size}`).toBe(1);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const at of new Set([0, size >> 1, size - 1])) {
        const poisoned = values.slice();
        poisoned[at] = bad;
        expect(allFinite(tf.tensor1d(poisoned)), `${bad} at ${at} of ${size}`).toBe(0);
        expect(allFinite(ints, tf.scalar(1), tf.tensor1d(poisoned)), `${bad} at ${at} of ${size}, third input`).toBe(0);
      }
    }
  }
  expect(allFinite(tf.tensor1d([], 'float32'))).toBe(1);
  ints.dispose();
}

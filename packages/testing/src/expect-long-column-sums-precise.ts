import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Checks that the active backend's `Sum` and `Mean` over the leading axes
 * of a `[64, 28, 28, 3]` tensor (batch norm's per-channel statistics over a
 * 64x28x28 batch: 50,176 rows) are as precise as a float64 sum of the
 * float32 values: within 2e-7, the rounding of the result and of the mean's
 * division. One float32 running sum is 2.2e-6 off on this input, and behind
 * cnn3's batch-norm layers that moved the first layers' gradients 10% away
 * from float64.
 *
 * @example
 * await wasmBackend.activate();
 * expectLongColumnSumsPrecise();
 */
export function expectLongColumnSumsPrecise(): void {
  // Values near 1, as batch norm's inputs after ReLU and its squared deviations are: a float32
  // running sum reaches ~50,000, where one rounding step is ~0.004.
  const shape = [64, 28, 28, 3];
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = 1 + 0.5 * Math.sin(0.37 * i);
  const exact = [0, 0, 0];
  data.forEach((v, i) => void (exact[i % 3] = (exact[i % 3] as number) + v));
  const rows = data.length / 3;
  const [sum, mean] = tf.tidy(() => {
    const x = tf.tensor(data, shape);
    return [Array.from(tf.sum(x, [0, 1, 2]).dataSync()), Array.from(tf.mean(x, [0, 1, 2]).dataSync())];
  });
  sum?.forEach((s, c) => expect(Math.abs(s - (exact[c] as number)) / (exact[c] as number), `sum of channel ${c}`).toBeLessThan(2e-7));
  mean?.forEach((m, c) => expect(Math.abs(m - (exact[c] as number) / rows) / ((exact[c] as number) / rows), `mean of channel ${c}`).toBeLessThan(2e-7));
}

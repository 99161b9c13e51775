import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { nativeBackend } from '../native-backend.js';
import { describeNative } from '../native-available.test-helper.js';

describeNative('native Sum and Mean over ~50,000 rows (batch norm over a 64x28x28 batch; needs libdnnl)', () => {
  it('are as precise as a float64 sum of the float32 values (one float32 running sum was 2e-6 off)', async () => {
    await nativeBackend.activate({ threads: 2 });
    // Values near 1, as batch norm's inputs after ReLU and its squared deviations are: a float32
    // running sum reaches ~50,000, where one rounding step is ~0.004.
    const shape = [64, 28, 28, 3];
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = 1 + 0.5 * Math.sin(0.37 * i);
    const exact = [0, 0, 0];
    data.forEach((v, i) => void (exact[i % 3] = (exact[i % 3] as number) + v));
    const rows = data.length / 3;
    const x = tf.tensor(data, shape);
    const sum = Array.from(tf.sum(x, [0, 1, 2]).dataSync());
    const mean = Array.from(tf.mean(x, [0, 1, 2]).dataSync());
    x.dispose();
    // Only the float32 rounding of the result (and of the mean's division) remains: 6e-8 each.
    sum.forEach((s, c) => expect(Math.abs(s - (exact[c] as number)) / (exact[c] as number)).toBeLessThan(2e-7));
    mean.forEach((m, c) => expect(Math.abs(m - (exact[c] as number) / rows) / ((exact[c] as number) / rows)).toBeLessThan(2e-7));
  });
});

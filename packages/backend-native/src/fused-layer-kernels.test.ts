import { cpuBackend } from '@nnlab/backend-cpu';
import { FUSED_KERNELS, Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { nativeKernelStats, resetNativeKernelStats } from './kernels/kernel-support.js';
import { describeNative } from './native-available.test-helper.js';
import { nativeBackend } from './native-backend.js';
import { relativeError } from './relative-error.test-helper.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
// Training-mode batch norm and ReLU's gradient as single native kernels: checked against a float64
// reference of the closed forms, and through tf.grads (the gradient @nnlab/autodiff registers).

const EPS = 1e-5;

interface Reference {
  y: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
  dx: Float64Array;
  dScale: Float64Array;
  dOffset: Float64Array;
}

/** Batch norm over the rows of [rows, channels] and its gradient for the upstream gradient `dy`, in float64. */
function reference(x: Float32Array, scale: Float32Array, offset: Float32Array, dy: Float32Array, channels: number): Reference {
  const rows = x.length / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) mean[i % channels]! += x[i]! / rows;
  for (let i = 0; i < x.length; i++) variance[i % channels]! += (x[i]! - mean[i % channels]!) ** 2 / rows;
  const invStd = variance.map((v) => 1 / Math.sqrt(v + EPS));
  const xhat = Float64Array.from(x, (v, i) => (v - mean[i % channels]!) * invStd[i % channels]!);
  const y = xhat.map((v, i) => v * scale[i % channels]! + offset[i % channels]!);
  const dOffset = new Float64Array(channels);
  const dScale = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) {
    dOffset[i % channels]! += dy[i]!;
    dScale[i % channels]! += dy[i]! * xhat[i]!;
  }
  const dx = Float64Array.from(dy, (g, i) => {
    const c = i % channels;
    return scale[c]! * invStd[c]! * (g - dOffset[c]! / rows - xhat[i]! * dScale[c]! / rows);
  });
  return { y, mean, variance, dx, dScale, dOffset };
}

describeNative('fused batch norm and ReLU-gradient kernels (needs libdnnl)', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
    await nativeBackend.activate();
    await tf.setBackend('native');
  });

  // 3 x 5 x 7 rows (not a multiple of the vector width), a mean far from zero to catch cancellation.
  it.each([
    { name: 'centred activations', shape: [3, 5, 7, 24], shift: 0 },
    { name: 'activations around 1000 (variance 4)', shape: [3, 5, 7, 24], shift: 1000 },
    { name: 'a [batch, features] input', shape: [37, 10], shift: 0 },
  ])('NnlabBatchNormTrain and its gradient match float64 closed forms: $name', ({ shape, shift }) => {
    const channels = shape[shape.length - 1]!;
    const size = shape.reduce((a, b) => a * b, 1);
    const rng = new Rng(7);
    const x = Float32Array.from(rng.uniformArray(size, -2, 2) as ArrayLike<number>, (v) => v * 2 + shift);
    const scale = Float32Array.from(rng.uniformArray(channels, 0.5, 1.5) as ArrayLike<number>);
    const offset = Float32Array.from(rng.uniformArray(channels, -0.5, 0.5) as ArrayLike<number>);
    const dy = Float32Array.from(rng.uniformArray(size, -1, 1) as ArrayLike<number>);
    const expected = reference(x, scale, offset, dy, channels);

    resetNativeKernelStats();
    const before = tf.memory().numTensors;
    const [y, mean, variance, dx, dScale, dOffset] = tf.tidy(() => {
      const inputs = [tf.tensor(x, shape), tf.tensor(scale), tf.tensor(offset)] as const;
      const attrs = { epsilon: EPS };
      const forward = (a: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor[] =>
        tf.engine().runKernel(FUSED_KERNELS.batchNormTrain, { x: a, scale: s, offset: o }, attrs) as tf.Tensor[];
      const [out, m, v] = forward(...inputs) as [tf.Tensor, tf.Tensor, tf.Tensor];
      // d/dinputs of sum(y * dy) is the gradient for upstream dy.
      const grads = tf.grads((a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(forward(a, s, o)[0] as tf.Tensor, tf.tensor(dy, shape))))([...inputs]);
      return [out, m, v, ...grads].map((t) => t.dataSync() as Float32Array);
    }) as Float32Array[];
    expect(tf.memory().numTensors).toBe(before);
    expect(nativeKernelStats()[FUSED_KERNELS.batchNormTrainGrad]?.native).toBe(1);

    expect(relativeError(mean!, expected.mean)).toBeLessThan(1e-6);
    expect(relativeError(variance!, expected.variance)).toBeLessThan(1e-5);
    // x - mean in float32: around 1000 its rounding (ulp 6e-5) is ~1.5e-5 of the standard deviation 2.
    const tolerance = shift === 0 ? 1e-5 : 3e-5;
    expect(relativeError(y!, expected.y)).toBeLessThan(tolerance);
    expect(relativeError(dx!, expected.dx)).toBeLessThan(tolerance);
    expect(relativeError(dScale!, expected.dScale)).toBeLessThan(tolerance);
    expect(relativeError(dOffset!, expected.dOffset)).toBeLessThan(1e-6);
  });

  it('NnlabReluGrad equals dy * (x > 0) bit for bit, keeping non-finite dy where x <= 0', async () => {
    const n = 1003;
    const rng = new Rng(3);
    const dy = Float32Array.from(rng.uniformArray(n, -1, 1) as ArrayLike<number>);
    const x = Float32Array.from(rng.uniformArray(n, -1, 1) as ArrayLike<number>);
    x[0] = 0;
    x[1] = -1;
    dy[1] = Number.NaN;
    x[2] = -1;
    dy[2] = Number.POSITIVE_INFINITY;
    x[3] = Number.NaN;
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => tf.mul(tf.tensor(dy), tf.cast(tf.greater(tf.tensor(x), 0), 'float32')).dataSync());
    await tf.setBackend('native');
    const actual = tf.tidy(() => (tf.engine().runKernel(FUSED_KERNELS.reluGrad, { dy: tf.tensor(dy), x: tf.tensor(x) }) as tf.Tensor).dataSync());
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(Number.isNaN(actual[1]!) && Number.isNaN(actual[2]!)).toBe(true);
  });

  it('tf.relu differentiates through the fused kernel on native', () => {
    resetNativeKernelStats();
    const dx = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), 3)))(tf.tensor([-1, 0, 2, 5])).dataSync());
    expect(Array.from(dx)).toEqual([0, 0, 3, 3]);
    expect(nativeKernelStats()[FUSED_KERNELS.reluGrad]?.native).toBe(1);
  });

  it('rejects mismatched inputs with a clear error', () => {
    expect(() => tf.tidy(() => tf.engine().runKernel(FUSED_KERNELS.reluGrad, { dy: tf.ones([4]), x: tf.ones([5]) }))).toThrow(
      /NnlabReluGrad: dy and x must be float32 tensors of one shape/,
    );
    expect(() =>
      tf.tidy(() => tf.engine().runKernel(FUSED_KERNELS.batchNormTrain, { x: tf.ones([4, 3]), scale: tf.ones([2]), offset: tf.ones([3]) }, { epsilon: EPS })),
    ).toThrow(/NnlabBatchNormTrain: needs float32 x of rank >= 2 and float32 per-channel tensors of 3 values/);
  });
});

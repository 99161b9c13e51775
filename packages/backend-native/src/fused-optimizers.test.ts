import { cpuBackend } from '@nnlab/backend-cpu';
import { FUSED_KERNELS, Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { describeNative } from './native-available.test-helper.js';
import { nativeBackend } from './native-backend.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
// The fused kernels must give exactly what @nnlab/optimizers' elementwise fallback computes.

const N = 5000; // not a multiple of the vector width
const values = (seed: number, lo: number, hi: number): Float32Array => new Rng(seed).uniformArray(N, lo, hi) as unknown as Float32Array;

function read(outputs: tf.Tensor | tf.Tensor[]): Float32Array[] {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const result = list.map((t) => t.dataSync() as Float32Array);
  tf.dispose(list);
  return result;
}

describeNative('fused optimizer kernels (needs libdnnl)', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
    await nativeBackend.activate();
  });

  it('NnlabFusedAdam equals the elementwise Adam update bit for bit', async () => {
    const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 * Math.sqrt(1 - 0.999 ** 3), scale: Math.sqrt(1 - 0.999 ** 3) / (1 - 0.9 ** 3) };
    const [g, m, v] = [values(1, -1, 1), values(2, -0.1, 0.1), values(3, 0, 0.01)];
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => {
      const [gt, mt, vt] = [tf.tensor(g), tf.tensor(m), tf.tensor(v)];
      const m2 = tf.add(tf.mul(mt, tf.scalar(attrs.beta1)), tf.mul(gt, tf.scalar(1 - attrs.beta1)));
      const v2 = tf.add(tf.mul(vt, tf.scalar(attrs.beta2)), tf.mul(tf.square(gt), tf.scalar(1 - attrs.beta2)));
      const direction = tf.mul(tf.div(m2, tf.add(tf.sqrt(v2), tf.scalar(attrs.epsilon))), tf.scalar(attrs.scale));
      return [m2, v2, direction].map((t) => t.dataSync() as Float32Array);
    });
    await tf.setBackend('native');
    const actual = read(tf.engine().runKernel(FUSED_KERNELS.adam, { gradient: tf.tensor(g), firstMoment: tf.tensor(m), secondMoment: tf.tensor(v) }, attrs) as tf.Tensor[]);
    actual.forEach((out, k) => expect(Array.from(out), `output ${k}`).toEqual(Array.from(expected[k] as Float32Array)));
  });

  it('NnlabFusedAdagrad equals the elementwise Adagrad update bit for bit', async () => {
    const attrs = { epsilon: 1e-10, scale: 0.5 };
    const [g, sum] = [values(4, -1, 1), values(5, 0, 2)];
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => {
      const [gt, st] = [tf.tensor(g), tf.tensor(sum)];
      const s2 = tf.add(st, tf.square(gt));
      const direction = tf.mul(tf.div(gt, tf.add(tf.sqrt(s2), tf.scalar(attrs.epsilon))), tf.scalar(attrs.scale));
      return [s2, direction].map((t) => t.dataSync() as Float32Array);
    });
    await tf.setBackend('native');
    const actual = read(tf.engine().runKernel(FUSED_KERNELS.adagrad, { gradient: tf.tensor(g), sum: tf.tensor(sum) }, attrs) as tf.Tensor[]);
    actual.forEach((out, k) => expect(Array.from(out), `output ${k}`).toEqual(Array.from(expected[k] as Float32Array)));
  });

  it('rejects inputs of different sizes with a clear error', async () => {
    await tf.setBackend('native');
    const attrs = { epsilon: 1e-10, scale: 1 };
    expect(() => tf.engine().runKernel(FUSED_KERNELS.adagrad, { gradient: tf.ones([4]), sum: tf.ones([5]) }, attrs)).toThrow(
      /NnlabFusedAdagrad: inputs must be float32 tensors with the same number of elements/,
    );
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { FUSED_KERNELS } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

const uniform = (n: number, low: number, seed: number): tf.Tensor => tf.randomUniform([n], low, 1, 'float32', seed);

/** The formulas of FUSED_KERNELS with elementwise ops, in the order @nnlab/optimizers computes them. */
function adamByOps(g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: { beta1: number; beta2: number; epsilon: number; scale: number }): tf.Tensor[] {
  const m2 = tf.add(tf.mul(m, tf.scalar(attrs.beta1)), tf.mul(g, tf.scalar(1 - attrs.beta1)));
  const v2 = tf.add(tf.mul(v, tf.scalar(attrs.beta2)), tf.mul(tf.square(g), tf.scalar(1 - attrs.beta2)));
  return [m2, v2, tf.mul(tf.div(m2, tf.add(tf.sqrt(v2), tf.scalar(attrs.epsilon))), tf.scalar(attrs.scale))];
}

function adagradByOps(g: tf.Tensor, sum: tf.Tensor, attrs: { epsilon: number; scale: number }): tf.Tensor[] {
  const s2 = tf.add(sum, tf.square(g));
  return [s2, tf.mul(tf.div(g, tf.add(tf.sqrt(s2), tf.scalar(attrs.epsilon))), tf.scalar(attrs.scale))];
}

const read = (tensors: tf.Tensor[]): Float32Array[] => tensors.map((t) => t.dataSync() as Float32Array);

describe('fused optimizer kernels on wasm', () => {
  // Sizes around the 4-float SIMD width, so both the vector loop and the scalar tail run.
  for (const n of [1, 3, 4, 7, 1029]) {
    it(`${FUSED_KERNELS.adam} and ${FUSED_KERNELS.adagrad} equal the elementwise formulas on cpu, bit for bit (${n} elements)`, async () => {
      const adamAttrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 * Math.sqrt(1 - 0.999 ** 3), scale: 0.37 };
      const adagradAttrs = { epsilon: 1e-10, scale: 0.5 };
      const inputs = (): tf.Tensor[] => [uniform(n, -1, 1), uniform(n, -1, 2), uniform(n, 0, 3)];
      await cpuBackend.activate();
      const expected = tf.tidy(() => {
        const [g, m, v] = inputs() as [tf.Tensor, tf.Tensor, tf.Tensor];
        return [...read(adamByOps(g, m, v, adamAttrs)), ...read(adagradByOps(g, v, adagradAttrs))];
      });
      await wasmBackend.activate();
      const before = tf.memory().numTensors;
      const actual = tf.tidy(() => {
        const [g, m, v] = inputs() as [tf.Tensor, tf.Tensor, tf.Tensor];
        const adam = tf.engine().runKernel(FUSED_KERNELS.adam, { gradient: g, firstMoment: m, secondMoment: v }, { ...adamAttrs }) as tf.Tensor[];
        const adagrad = tf.engine().runKernel(FUSED_KERNELS.adagrad, { gradient: g, sum: v }, { ...adagradAttrs }) as tf.Tensor[];
        return [...read(adam), ...read(adagrad)];
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(actual).toEqual(expected);
    });
  }

  it('rejects inputs of different sizes or dtypes, naming them', async () => {
    await wasmBackend.activate();
    const g = tf.ones([4]);
    const sum = tf.ones([5]);
    expect(() => tf.engine().runKernel(FUSED_KERNELS.adagrad, { gradient: g, sum }, { epsilon: 1e-10, scale: 1 })).toThrow(
      /NnlabFusedAdagrad: input sum must be float32 with 4 elements, got float32 \[5\]/,
    );
    tf.dispose([g, sum]);
  });
});

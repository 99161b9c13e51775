import { gradientKernelNames } from '@nnlab/autodiff';
import { FUSED_KERNELS, InvalidArgumentError } from '@nnlab/core';
import { describeBackendConformance } from '@nnlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from './cpu-backend.js';

// Order matters for the first test: it must run before anything activates the backend.
describe('cpuBackend', () => {
  it('registers nothing on import', () => {
    expect(tf.findBackendFactory('cpu')).toBeNull();
    expect(tf.getGradient(tf.Add)).toBeUndefined();
  });

  it('is always available', async () => {
    await expect(cpuBackend.probe()).resolves.toEqual({ available: true });
    expect(cpuBackend).toMatchObject({ name: 'cpu', kind: 'js', environments: ['node', 'browser'] });
  });

  it('activates the tfjs cpu backend, registers gradients and reports what it got', async () => {
    const info = await cpuBackend.activate({ threads: 4 });
    expect(tf.getBackend()).toBe('cpu');
    expect(info).toMatchObject({
      name: 'cpu',
      kind: 'js',
      tfjsBackend: 'cpu',
      threads: 1,
      simd: false,
      versions: { 'tfjs-core': '4.22.0', 'tfjs-backend-cpu': '4.22.0' },
      kernels: { replaced: ['Conv2DBackpropFilter'], added: ['NnlabAllFinite', 'NnlabSelectIf'], fallback: [] },
    });
    expect(info.notes?.[0]).toMatch(/single-threaded/);
    for (const name of gradientKernelNames) expect(tf.getGradient(name), name).toBeDefined();
  });

  it('can be activated again (idempotent)', async () => {
    const info = await cpuBackend.activate();
    expect(info.kernels?.replaced).toEqual(['Conv2DBackpropFilter']);
    expect(info.notes).toBeUndefined();
  });

  it('NnlabAllFinite finds one NaN or infinity at any position of any input; huge finite values and int32 inputs pass', async () => {
    await cpuBackend.activate();
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
  });

  it('rejects invalid options eagerly', async () => {
    await expect(cpuBackend.activate({ threads: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(cpuBackend.activate({ timeoutMs: -1 })).rejects.toThrow(/options.timeoutMs/);
  });
});

describeBackendConformance(cpuBackend, { reference: cpuBackend });

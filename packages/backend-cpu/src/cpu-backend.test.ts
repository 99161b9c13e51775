import { gradientKernelNames } from '@nnlab/autodiff';
import { InvalidArgumentError } from '@nnlab/core';
import { describeBackendConformance } from '@nnlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expectAllFiniteKernel } from '@nnlab/testing';
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
    expectAllFiniteKernel();
  });

  it('rejects invalid options eagerly', async () => {
    await expect(cpuBackend.activate({ threads: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(cpuBackend.activate({ timeoutMs: -1 })).rejects.toThrow(/options.timeoutMs/);
  });
});

describeBackendConformance(cpuBackend, { reference: cpuBackend });

import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { createTfjsNodeBackend, tfjsNodeBackend } from './tfjs-node-backend.js';

/** Stands in for libtensorflow: a backend with no kernels, enough for tf.setBackend to select it. */
class FakeTensorflowBackend extends tf.KernelBackend {}

/** Does what importing @tensorflow/tfjs-node does: register and select a `tensorflow` backend. */
async function fakeTfjsNode(): Promise<unknown> {
  if (!('tensorflow' in tf.engine().registryFactory)) {
    tf.registerBackend('tensorflow', () => new FakeTensorflowBackend(), 3);
  }
  await tf.setBackend('tensorflow');
  return { version: { 'tfjs-node': '4.22.0', tfjs: '4.22.0' } };
}

describe('tfjsNodeBackend without @tensorflow/tfjs-node (this workspace cannot install it)', () => {
  it('describes itself', () => {
    expect(tfjsNodeBackend.name).toBe('tfjs-node');
    expect(tfjsNodeBackend.kind).toBe('native');
    expect(tfjsNodeBackend.environments).toEqual(['node']);
  });

  it('probe reports it is not installed and how to install it', async () => {
    expect(await tfjsNodeBackend.probe()).toEqual({
      available: false,
      reason: '@tensorflow/tfjs-node is not installed',
      install: 'npm i @tensorflow/tfjs-node (downloads libtensorflow at install time)',
    });
  });

  it('activate throws BackendUnavailableError with the same reason', async () => {
    const error = await tfjsNodeBackend.activate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const unavailable = error as BackendUnavailableError;
    expect(unavailable.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(unavailable.backend).toBe('tfjs-node');
    expect(unavailable.message).toContain('@tensorflow/tfjs-node is not installed');
    expect(unavailable.install).toBe('npm i @tensorflow/tfjs-node (downloads libtensorflow at install time)');
  });
});

describe('createTfjsNodeBackend with a fake loader', () => {
  it('activates: loads, selects the tensorflow backend, registers gradients, reports versions', async () => {
    let loads = 0;
    const backend = createTfjsNodeBackend({
      load: async () => {
        loads++;
        return fakeTfjsNode();
      },
    });
    expect(await backend.probe()).toEqual({ available: true });
    expect(tf.engine().registryFactory).not.toHaveProperty('tensorflow');
    const info = await backend.activate();
    expect(tf.getBackend()).toBe('tensorflow');
    expect(tf.backend()).toBeInstanceOf(FakeTensorflowBackend);
    expect(info).toMatchObject({
      name: 'tfjs-node',
      kind: 'native',
      tfjsBackend: 'tensorflow',
      simd: true,
      versions: { 'tfjs-core': '4.22.0', 'tfjs-node': '4.22.0', tfjs: '4.22.0' },
      device: 'CPU (libtensorflow)',
    });
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(tf.getGradient('Add')).toBeDefined();
    await backend.activate({ threads: 2 });
    expect(loads).toBe(1);
  });

  it('a loader that throws makes activate and later probes give the real reason', async () => {
    const backend = createTfjsNodeBackend({
      load: () => Promise.reject(new Error('libtensorflow.so.2: cannot open shared object file')),
    });
    const error = await backend.activate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(String(error)).toContain('installed but failed to load: libtensorflow.so.2: cannot open shared object file');
    const probe = await backend.probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toContain('libtensorflow.so.2');
  });

  it('rejects bad arguments', async () => {
    expect(() => createTfjsNodeBackend({ load: 42 as never })).toThrow(InvalidArgumentError);
    await expect(createTfjsNodeBackend({ load: fakeTfjsNode }).activate({ timeoutMs: -1 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});

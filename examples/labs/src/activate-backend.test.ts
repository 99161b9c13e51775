import { knownBackends } from '@nnlab/backends';
import { BackendUnavailableError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activateBackend } from './activate-backend.js';

const native = knownBackends().find((backend) => backend.name === 'native');
const describeNative = (await native?.probe())?.available === true ? describe : describe.skip;

describe('activateBackend', () => {
  it('activates the named backend, and names one that is not here', async () => {
    expect((await activateBackend({ backend: 'wasm' })).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    await expect(activateBackend({ backend: 'tfjs-node' })).rejects.toThrow(BackendUnavailableError);
  });
});

describeNative('activateBackend on native (needs libdnnl)', () => {
  it('passes deterministic on, so the thread count is fixed', async () => {
    const fixed = await activateBackend({ backend: 'native', deterministic: true });
    expect(fixed.notes?.[0]).toMatch(/so a seed repeats bit for bit|^up to 1 thread per op/);
    const adaptive = await activateBackend({ backend: 'native' });
    expect(adaptive.notes?.[0]).not.toMatch(/so a seed repeats bit for bit/);
  });
});

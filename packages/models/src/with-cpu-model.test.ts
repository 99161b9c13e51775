import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { NotFoundError } from '@nnlab/core';
import { withCpuModel } from './with-cpu-model.js';

describe('withCpuModel', () => {
  it('builds the model on the cpu backend, returns what the callback returns and disposes the model', async () => {
    await cpuBackend.activate();
    const before = tf.memory().numTensors;
    const result = await withCpuModel('cnn', [cpuBackend], (model) => {
      expect(tf.getBackend()).toBe('cpu');
      expect(tf.memory().numTensors).toBeGreaterThan(before);
      return model.numParameters();
    });
    expect(result).toBe(108_874);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('disposes the model when the callback throws, and names a missing cpu backend', async () => {
    await cpuBackend.activate();
    const before = tf.memory().numTensors;
    await expect(
      withCpuModel('mlp:4-3-2', [cpuBackend], async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    await expect(withCpuModel('mlp:4-3-2', [], () => 0)).rejects.toThrow(NotFoundError);
  });
});

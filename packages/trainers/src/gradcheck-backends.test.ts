import { cpuBackend } from '@nnlab/backend-cpu';
import { buildModel } from '@nnlab/models';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradcheckBackends } from './gradcheck-backends.js';

const options = { build: (rng: import('@nnlab/core').Rng) => buildModel('mlp:3-5-3,activation=tanh', { rng }), inputShape: [3], classes: 3, batch: 5, seed: 0, l2: [0, 0.1] };

describe('gradcheckBackends', () => {
  it('checks each backend on the same seeded model and data, reporting as it goes, and leaks no tensor', async () => {
    await cpuBackend.activate();
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const result = await gradcheckBackends([cpuBackend, cpuBackend], { ...options, onBackend: (check) => seen.push(check.backend) });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual(['cpu', 'cpu']);
    expect(result.passed).toBe(true);
    expect(result.worst).toBeUndefined();
    const [first, second] = result.backends;
    expect(first?.runs.map((run) => run.l2)).toEqual([0, 0.1]);
    // The same seed on every backend: the same numbers.
    expect(second?.maxRelativeDifference).toBe(first?.maxRelativeDifference);
    expect(result.maxRelativeDifference).toBe(first?.maxRelativeDifference);
    expect(result.maxRelativeDifference).toBeLessThan(5e-3);
  });

  it('fails past the tolerance and names the worst parameter and its backend', async () => {
    const result = await gradcheckBackends([cpuBackend], { ...options, tolerance: 1e-12 });
    expect(result.passed).toBe(false);
    const largest = Math.max(...(result.backends[0]?.runs.flatMap((run) => run.parameters.map((p) => p.relativeDifference)) ?? []));
    expect(result.worst).toMatchObject({ backend: 'cpu', relativeDifference: largest });
  });
});

import { cpuBackend } from '@nnlab/backend-cpu';
import { wasmBackend } from '@nnlab/backend-wasm';
import type { BackendProvider } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from './choose-backend.js';

// The probe's real work (activate, time training steps, free them) on the two backends Node has.
describe('chooseBackend in Node', () => {
  it('times every available hardware backend, never times a software GPU, picks the fastest and leaks no tensors', async () => {
    let softwareTimed = false;
    const fakeGpu: BackendProvider = {
      ...cpuBackend,
      name: 'webgl',
      activate: () => {
        softwareTimed = true;
        throw new Error('a software GPU must not be timed');
      },
    };
    const missing: BackendProvider = { ...cpuBackend, name: 'webgpu' };
    await cpuBackend.activate();
    const before = tf.memory().numTensors;
    const start = performance.now();
    const { choice, trials, seconds } = await chooseBackend(
      [
        { provider: missing, probe: { available: false, reason: 'no adapter' } },
        { provider: fakeGpu, probe: { available: true } },
        { provider: wasmBackend, probe: { available: true } },
        { provider: cpuBackend, probe: { available: true } },
      ],
      // No deadline here: a busy machine must not leave cpu untimed (the next test covers the deadline).
      { budgetMs: 400, deadlineMs: 120_000, software: async (name) => (name === 'webgl' ? 'SwiftShader' : undefined) },
    );
    const wall = (performance.now() - start) / 1000;
    expect(softwareTimed).toBe(false);
    expect(trials.map((t) => [t.name, t.available, t.software])).toEqual([
      ['webgpu', false, undefined],
      ['webgl', true, 'SwiftShader'],
      ['wasm', true, undefined],
      ['cpu', true, undefined],
    ]);
    const rates = Object.fromEntries(trials.map((t) => [t.name, t.samplesPerSec]));
    expect(rates.wasm).toBeGreaterThan(0);
    expect(rates.cpu).toBeGreaterThan(0);
    const faster = (rates.wasm as number) >= (rates.cpu as number) ? 'wasm' : 'cpu';
    expect(choice.name).toBe(faster);
    expect(choice.ranking).toEqual([faster, faster === 'wasm' ? 'cpu' : 'wasm', 'webgl']);
    expect(choice.why).toMatch(new RegExp(`^${faster}: fastest in a \\d+\\.\\d s probe \\(.+ training samples/s\\); webgl is software \\(SwiftShader\\), ranked last$`));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(wall);
    // Whatever backend it left active holds nothing of the probe's.
    expect(tf.memory().numTensors).toBe(0);
    await cpuBackend.activate();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe('chooseBackend on a slow machine', () => {
  it('stops timing at its deadline but always times one backend', async () => {
    const { choice, trials } = await chooseBackend(
      [
        { provider: wasmBackend, probe: { available: true } },
        { provider: cpuBackend, probe: { available: true } },
      ],
      { budgetMs: 100, deadlineMs: 0, software: async () => undefined },
    );
    expect(trials[0]?.samplesPerSec).toBeGreaterThan(0);
    expect(trials[1]).toEqual({ name: 'cpu', available: true, failed: 'not timed: the probe had used its 0.0 s' });
    expect(choice.name).toBe('wasm');
    expect(choice.why).toMatch(/^wasm: the only backend timed \([\d,]+ training samples\/s in a \d+\.\d s probe\); cpu not timed: the probe had used its 0\.0 s$/);
    await cpuBackend.activate();
  }, 60_000);
});

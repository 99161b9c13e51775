import { nativeBackend } from '@nnlab/backend-native';
import { describe, expect, it } from 'vitest';
import { trainingJobOf } from '@nnlab/sweeps';
import type { SweepOptions } from './commands/sweep-command.js';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

const nativeProbe = await nativeBackend.probe();
const describeNative = nativeProbe.available ? describe : describe.skip;

describeNative('nnlab train --deterministic (native; needs libdnnl)', () => {
  const train = async (extra: string[]): Promise<Record<string, unknown>> => {
    const io = captureOutput();
    const code = await main(['train', '--model', 'cnn', '--backend', 'native', '--threads', '2', '--epochs', '2', '--limit', '512', '--batch-size', '32', '--optimizer', 'sgd', '--lr', '0.05', '--momentum', '0.9', '--no-progress', '--json', ...extra], io);
    expect(io.err()).not.toMatch(/nnlab: (error|warning)/);
    expect(code).toBe(0);
    return io.lastJson();
  };

  it('repeats a seed bit for bit and says why in the backend notes', async () => {
    const first = await train(['--deterministic']);
    const second = await train(['--deterministic']);
    // Every epoch's losses and accuracies to the last bit (its times differ, of course).
    const numbers = (result: Record<string, unknown>): unknown[] => (result.history as Array<Record<string, number>>).map(({ seconds: _s, samplesPerSec: _r, ...rest }) => rest);
    expect(numbers(second)).toEqual(numbers(first));
    expect(numbers(first)).toHaveLength(2);
    expect(second.testAccuracy).toBe(first.testAccuracy);
    expect((first.backendInfo as { notes: string[] }).notes[0]).toMatch(/always use 2, so a seed repeats bit for bit/);
    const adaptive = await train([]);
    expect((adaptive.backendInfo as { notes: string[] }).notes[0]).toMatch(/times 1 against 2 threads and keeps the faster/);
  }, 120_000);
});

describe('nnlab sweep --deterministic', () => {
  it('reaches every trial\'s job, and is left out of jobs without it', () => {
    const options = { model: 'mlp:784-{h}-10', dataset: 'mnist-10k', backend: 'native', epochs: 1, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true, grid: [], metric: 'testAccuracy' } as unknown as SweepOptions;
    expect(trainingJobOf({ ...options, deterministic: true })).toMatchObject({ deterministic: true });
    expect(trainingJobOf(options)).not.toHaveProperty('deterministic');
  });
});

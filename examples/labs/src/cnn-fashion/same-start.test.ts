import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { loadTrainingData } from '@nnlab/cli';
import { DataLoader, findFashionMnist } from '@nnlab/datasets';
import { buildModel } from '@nnlab/models';
import { sgd } from '@nnlab/optimizers';
import { fit, fromTorchStateDict, toTorchStateDict } from '@nnlab/trainers';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../activate-backend.js';

// PyTorch's losses from tools/fixtures/same_start.py: the lab's cnn and cnn2, the same start, data and steps.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/same-start.json', import.meta.url), 'utf8')) as {
  examples: number;
  batchSize: number;
  learningRate: number;
  momentum: number;
  weightDecay: number;
  mean: number;
  std: number;
  losses: Record<'cnn' | 'cnn2', number[]>;
};

/** The start both sides share: bound * sin(0.37 i + 1.3 k + 0.5) over tensor k's flat PyTorch-layout index i (as start_value in the script). */
function startValue(ordinal: number, shape: readonly number[]): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1);
  const bound = shape.length === 1 ? 0.05 : 1 / Math.sqrt(count / (shape[0] as number));
  return Float32Array.from({ length: count }, (_, i) => bound * Math.sin(0.37 * i + 1.3 * ordinal + 0.5));
}

const haveFashion = (await findFashionMnist()) !== undefined;

// Parity rows compare independent seeds; this compares the computation itself, with the luck taken out.
describe.skipIf(!haveFashion)('cnn-fashion from the same start as PyTorch (needs Fashion-MNIST)', () => {
  beforeAll(async () => {
    await activateBackend({ backend: 'wasm' });
  });

  it.each(['cnn', 'cnn2'] as const)('%s: 20 SGD steps give PyTorch\'s losses', async (name) => {
    const data = await loadTrainingData({ dataset: 'fashion-mnist', seed: 0, normalize: true, limit: fixture.examples });
    expect(data.statistics?.mean[0]).toBeCloseTo(fixture.mean, 6);
    expect(data.statistics?.std[0]).toBeCloseTo(fixture.std, 6);
    const model = buildModel(name, { rng: new Rng(0) });
    const torchLayout = toTorchStateDict(model);
    const start = Object.fromEntries(torchLayout.map(([torchName, tensor], k) => [torchName, tf.tensor(startValue(k, tensor.shape), tensor.shape)]));
    const state = fromTorchStateDict(model, start, 'same-start');
    model.loadStateDict(state);
    tf.dispose([...torchLayout.map(([, t]) => t), ...Object.values(start), ...Object.values(state)]);

    const optimizer = sgd(model, { learningRate: fixture.learningRate, momentum: fixture.momentum, weightDecay: fixture.weightDecay });
    const losses: number[] = [];
    await fit(model, optimizer, {
      train: new DataLoader(data.train, { batchSize: fixture.batchSize }),
      epochs: 1,
      callbacks: [{ onBatchEnd: (log) => void losses.push(log.loss) }],
    });
    optimizer.dispose();
    model.dispose();

    const expected = fixture.losses[name];
    expect(losses).toHaveLength(expected.length);
    const relative = losses.map((loss, i) => Math.abs(loss - (expected[i] as number)) / (expected[i] as number));
    // float32 on both sides with different summation orders: ~1e-7 for the first steps, then rounding
    // differences grow (cnn2 reaches ~3e-4 by step 20). Measured on cnn, a learning rate 5% off is
    // 9e-4 off at step 2, momentum 0.85 for 0.9 is 1.5e-3 off at step 3, and ten times the weight
    // decay is 2e-5 off by step 6: the first six steps are held to 1e-5.
    expect(Math.max(...relative.slice(0, 6))).toBeLessThan(1e-5);
    expect(Math.max(...relative)).toBeLessThan(2e-3);
  }, 120_000);
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { mlp } from './mlp.js';
import { buildModel } from './model-spec.js';

beforeAll(async () => {
  await cpuBackend.activate();
});

describe('mlp', () => {
  it('builds the lab MLP with the right parameter count and output shape', () => {
    const model = mlp([784, 300, 10], { rng: new Rng(0) });
    expect(model.numParameters()).toBe(784 * 300 + 300 + 300 * 10 + 10);
    const x = tf.zeros([2, 28, 28, 1]);
    const y = model.forward(x);
    expect(y.shape).toEqual([2, 10]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('names parameters by position like PyTorch (Flatten is child 0)', () => {
    const model = buildModel('mlp:4-3-2,dropout=0.5', { rng: new Rng(0) });
    expect(model.namedParameters().map(([name]) => name)).toEqual(['1.weight', '1.bias', '4.weight', '4.bias']);
    model.dispose();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const weights = (seed: number): number[] => {
      const model = mlp([5, 4, 3], { rng: new Rng(seed) });
      const values = Array.from(model.parameters()[0]!.dataSync());
      model.dispose();
      return values;
    };
    expect(weights(1)).toEqual(weights(1));
    expect(weights(1)).not.toEqual(weights(2));
  });

  it('uses the requested activation between layers only', () => {
    const model = mlp([4, 8, 8, 2], { rng: new Rng(0), activation: 'leaky_relu' });
    expect(model.toString()).toMatch(/LeakyReLU[\s\S]*LeakyReLU/);
    expect(model.toString()).not.toMatch(/LeakyReLU[\s\S]*LeakyReLU[\s\S]*LeakyReLU/);
    model.dispose();
  });

  it('puts BatchNorm1d after each hidden Linear, before the activation (the notMNIST lab)', () => {
    const model = buildModel('mlp:6-5-4-3,activation=leaky_relu,batchnorm=true,dropout=0.2', { rng: new Rng(0) });
    expect(model.toString().match(/\(\d+\): \w+/g)).toEqual([
      '(0): Flatten', '(1): Linear', '(2): BatchNorm1d', '(3): LeakyReLU', '(4): Dropout',
      '(5): Linear', '(6): BatchNorm1d', '(7): LeakyReLU', '(8): Dropout', '(9): Linear',
    ]);
    expect(model.namedBuffers().map(([name]) => name)).toEqual([
      '2.running_mean', '2.running_var', '2.num_batches_tracked', '6.running_mean', '6.running_var', '6.num_batches_tracked',
    ]);
    model.dispose();
    // PyTorch's count for Linear + BatchNorm1d + LeakyReLU + Dropout(0.2) blocks, 784-1200-1200-1200-400-100-10
    // (tools/fixtures/cnn_layers.py, labModels).
    const deep = mlp([784, 1200, 1200, 1200, 400, 100, 10], { rng: new Rng(0), activation: 'leaky_relu', batchNorm: true, dropout: 0.2 });
    expect(deep.numParameters()).toBe(4_354_110);
    const state = deep.stateDict();
    expect(Object.keys(state)).toHaveLength(37);
    tf.dispose(Object.values(state));
    deep.dispose();
  });

  it.each([
    [[784], /at least an input and an output/],
    [[784, 0, 10], /mlp sizes\[1\] must be an integer >= 1, got 0/],
  ])('rejects sizes %j', (sizes, message) => {
    expect(() => mlp(sizes, { rng: new Rng(0) })).toThrow(InvalidArgumentError);
    expect(() => mlp(sizes, { rng: new Rng(0) })).toThrow(message);
  });
});

import { cpuBackend } from '@nnlab/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, optimizerNames, type OptimizerOptions } from './create-optimizer.js';

// Every named optimizer must minimise f(W) = ||W - target||^2 (gradient
// 2 (W - target)) from a fixed start within STEPS steps.
const STEPS = 300;

const configurations: Array<[string, string, OptimizerOptions]> = [
  ['sgd', 'sgd', { learningRate: 0.1 }],
  ['sgd momentum', 'sgd', { learningRate: 0.05, momentum: 0.9 }],
  ['sgd nesterov', 'sgd', { learningRate: 0.05, momentum: 0.9, nesterov: true }],
  ['adam', 'adam', { learningRate: 0.05 }],
  ['adam amsgrad', 'adam', { learningRate: 0.05, amsgrad: true }],
  ['adamw', 'adamw', { learningRate: 0.05, weightDecay: 1e-4 }],
  ['adagrad', 'adagrad', { learningRate: 0.5 }],
  // Plain RMSprop takes near-sign steps of size ~lr, so it needs a decaying rate to settle.
  ['rmsprop (decaying schedule)', 'rmsprop', { learningRate: (step) => 0.05 * 0.98 ** step }],
  ['rmsprop centered momentum', 'rmsprop', { learningRate: 0.01, centered: true, momentum: 0.5 }],
];

beforeAll(async () => {
  await cpuBackend.activate();
});

describe('convergence on a quadratic', () => {
  it('covers every named optimizer (a new one in named-optimizers.ts needs a row above)', () => {
    expect(new Set(configurations.map(([, name]) => name))).toEqual(new Set(optimizerNames));
  });

  it.each(configurations)('%s', (_label, name, options) => {
    const target = tf.tensor2d([[1, -2, 3], [0.5, 0, -1], [2, 2, -3], [-0.5, 1.5, 0.25]]);
    const weight = tf.variable(tf.zeros([4, 3]));
    const optimizer = createOptimizer(name, [['weight', weight]], options);
    const loss = (): number => tf.tidy(() => tf.sum(tf.square(tf.sub(weight, target))).dataSync()[0] as number);
    const initialLoss = loss();
    for (let step = 0; step < STEPS; step++) {
      const gradient = tf.tidy(() => tf.mul(tf.sub(weight, target), 2));
      optimizer.step({ weight: gradient });
      gradient.dispose();
    }
    expect(loss()).toBeLessThan(initialLoss * 1e-4);
    optimizer.dispose();
    tf.dispose([weight, target]);
  });
});

import { InvalidArgumentError } from '@nnlab/core';
import { cpuBackend } from '@nnlab/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { createOptimizer, optimizerNames, type OptimizerOptions } from './create-optimizer.js';

let weight: tf.Variable;

beforeAll(async () => {
  await cpuBackend.activate();
  weight = tf.variable(tf.zeros([2]));
});
afterAll(() => weight.dispose());

// [optimizer, options, text the message must contain]
const invalid: Array<[string, OptimizerOptions, RegExp]> = [
  ['sgd', {}, /sgd requires learningRate/],
  ['sgd', { learningRate: -0.1 }, /learningRate must be a finite number >= 0, got -0.1/],
  ['sgd', { learningRate: Number.NaN }, /learningRate .* got NaN/],
  ['sgd', { learningRate: 0.1, momentum: -0.5 }, /momentum must be .* >= 0, got -0.5/],
  ['sgd', { learningRate: 0.1, nesterov: true }, /nesterov requires momentum > 0 and dampening = 0/],
  ['sgd', { learningRate: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }, /nesterov requires .* dampening 0.1/],
  ['sgd', { learningRate: 0.1, dampening: 2 }, /dampening must be .* <= 1, got 2/],
  ['sgd', { learningRate: 0.1, weightDecay: -1 }, /weightDecay must be .* >= 0, got -1/],
  ['sgd', { learningRate: 0.1, beta1: 0.9 }, /sgd does not take option "beta1"/],
  ['adam', { beta1: 1 }, /beta1 must be .* < 1, got 1/],
  ['adam', { beta2: -0.1 }, /beta2 must be .* >= 0/],
  ['adam', { epsilon: -1e-8 }, /epsilon must be .* >= 0/],
  ['adam', { momentum: 0.9 }, /adam does not take option "momentum"; allowed options are learningRate, beta1/],
  ['adam', { amsgrad: 'yes' as unknown as boolean }, /amsgrad must be a boolean, got yes/],
  ['adamw', { weightDecay: -0.01 }, /weightDecay must be .* >= 0/],
  ['adamw', { beta1: 1.5 }, /beta1 must be/],
  ['adagrad', { learningRateDecay: -1 }, /learningRateDecay must be .* >= 0/],
  ['adagrad', { initialAccumulatorValue: -0.1 }, /initialAccumulatorValue must be .* >= 0/],
  ['adagrad', { learningRate: -1 }, /learningRate must be/],
  ['rmsprop', { alpha: 1.5 }, /alpha must be .* <= 1, got 1.5/],
  ['rmsprop', { momentum: -0.1 }, /momentum must be .* >= 0/],
  ['rmsprop', { centered: 1 as unknown as boolean }, /centered must be a boolean/],
  ['rmsprop', { learningRate: 'fast' as unknown as number }, /learningRate must be a number >= 0 or a schedule/],
];

describe('option validation', () => {
  it.each(invalid)('%s %j', (name, options, message) => {
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      createOptimizer(name, [['w', weight]], options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(tf.memory().numTensors).toBe(before); // nothing allocated before the check failed
  });

  it('createOptimizer lists the allowed names for an unknown one', () => {
    // Every optimizer named-optimizers.ts exports, alphabetically (so a new one needs no edit here).
    expect(optimizerNames).toEqual(expect.arrayContaining(['adagrad', 'adam', 'adamw', 'rmsprop', 'sgd']));
    expect(optimizerNames).toEqual([...optimizerNames].sort());
    expect(() => createOptimizer('adamax', [['w', weight]])).toThrow(InvalidArgumentError);
    expect(() => createOptimizer('adamax', [['w', weight]])).toThrow(
      `optimizer must be one of ${optimizerNames.map((name) => `"${name}"`).join(', ')}, got "adamax"`,
    );
  });

  it('createOptimizer ignores options set to undefined and builds every named optimizer', () => {
    for (const name of optimizerNames) {
      const optimizer = createOptimizer(name, [['w', weight]], { learningRate: 0.1, momentum: undefined, beta1: undefined });
      expect(optimizer.currentLearningRate).toBe(0.1);
      optimizer.dispose();
    }
  });

  it('clipByGlobalNorm needs a positive maxNorm', () => {
    expect(() => clipByGlobalNorm(0)).toThrow(/maxNorm must be a finite number > 0, got 0/);
  });
});

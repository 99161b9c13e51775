import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { Dropout } from '../dropout.js';
import { Identity } from '../identity.js';
import type { Module } from '../module.js';
import { expectClose } from '../expect-close.test-helper.js';
import { fixture } from '../layers-fixture.test-helper.js';
import { useCpuBackend } from '../use-cpu-backend.test-helper.js';
import { LeakyReLU } from './leaky-relu.js';
import { LogSoftmax } from './log-softmax.js';
import { ReLU } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import { Softmax } from './softmax.js';
import { Tanh } from './tanh.js';

beforeAll(useCpuBackend);

const cases: Array<[string, () => Module]> = [
  ['relu', () => new ReLU()],
  ['leakyRelu', () => new LeakyReLU()],
  ['leakyRelu0.2', () => new LeakyReLU({ negativeSlope: 0.2 })],
  ['sigmoid', () => new Sigmoid()],
  ['tanh', () => new Tanh()],
  ['logSoftmax', () => new LogSoftmax()],
  ['softmax', () => new Softmax()],
];

// PyTorch float64 reference vs our float32: rtol 1e-5, atol 1e-6.
describe.each(cases)('%s matches PyTorch', (name, make) => {
  it('forward and the gradient of sum(y * dy)', () => {
    const reference = fixture.activations[name]!;
    const layer = make();
    const x = tf.tensor(fixture.activations.x);
    const dy = tf.tensor(fixture.activations.dy);
    expectClose(layer.forward(x), reference.y);
    const [dx] = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(layer.forward(input), dy)))([x]);
    expectClose(dx!, reference.dx);
    tf.dispose([x, dy, dx!]);
  });
});

describe('activation modules', () => {
  it('Dropout in eval mode and Identity return their input', () => {
    const x = tf.tensor(fixture.activations.x);
    const dropout = new Dropout({ p: 0.5, rng: new Rng(0) }).eval();
    expect(dropout.forward(x)).toBe(x);
    expectClose(dropout.forward(x), fixture.activations.dropoutEval.y);
    expect(new Identity().forward(x)).toBe(x);
    x.dispose();
  });

  it('LeakyReLU validates and prints its slope', () => {
    expect(() => new LeakyReLU({ negativeSlope: Number.NaN })).toThrow(InvalidArgumentError);
    expect(new LeakyReLU({ negativeSlope: 0.2 }).toString()).toBe('LeakyReLU(negativeSlope=0.2)');
    expect(new Softmax().toString()).toBe('Softmax(axis=-1)');
  });
});

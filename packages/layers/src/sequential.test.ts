import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { ReLU } from './activations/relu.js';
import { Tanh } from './activations/tanh.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { crossEntropy } from './losses/cross-entropy.js';
import { Sequential } from './sequential.js';
import { expectClose } from './expect-close.test-helper.js';
import { fixture } from './layers-fixture.test-helper.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

function mlp(sizes: number[], activation: 'ReLU' | 'Tanh', rng: Rng): Sequential {
  const layers = sizes.slice(1).flatMap((out, i) => {
    const linear = new Linear(sizes[i]!, out, { rng });
    if (i === sizes.length - 2) return [linear];
    return [linear, activation === 'ReLU' ? new ReLU() : new Tanh()];
  });
  return new Sequential(...layers);
}

// PyTorch float64 reference vs our float32: rtol 1e-5, atol 1e-6.
describe.each(fixture.mlp)('Sequential $name matches PyTorch', (c) => {
  it('logits, cross-entropy loss and every parameter gradient', () => {
    const model = mlp(c.sizes, c.activation, new Rng(0));
    const state = Object.fromEntries(Object.entries(c.parameters).map(([name, values]) => [name, tf.tensor(values)]));
    model.loadStateDict(state);
    tf.dispose(Object.values(state));
    const x = tf.tensor(c.x);
    const labels = tf.tensor1d(c.labels, 'int32');
    expectClose(model.forward(x), c.logits);
    const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), labels));
    expectClose(value, c.loss);
    const names = model.namedParameters().map(([name]) => name);
    expect(names).toEqual(Object.keys(c.gradients));
    for (const [name, variable] of model.namedParameters()) expectClose(grads[variable.name]!, c.gradients[name]!);
    tf.dispose([x, labels, value, ...Object.values(grads)]);
    model.dispose();
  });
});

describe('Sequential', () => {
  it('names children 0, 1, ... and indexes them', () => {
    const rng = new Rng(0);
    const model = new Sequential(new Linear(3, 5, { rng }), new ReLU(), new Linear(5, 3, { rng }));
    expect(model.namedParameters().map(([name]) => name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(model.length).toBe(3);
    expect(model.at(-1)).toBe(model.children()[2]);
    expect(() => model.at(3)).toThrow(InvalidArgumentError);
    expect(() => new Sequential({} as never)).toThrow(/argument 0 must be a Module/);
    model.dispose();
  });

  it('keeps tf.memory().numTensors flat over 30 forward+backward steps', () => {
    const rng = new Rng(7);
    const model = new Sequential(new Linear(6, 8, { rng }), new ReLU(), new Dropout({ p: 0.2, rng }), new Linear(8, 3, { rng }));
    const x = tf.tensor2d(rng.normalArray(5 * 6), [5, 6]);
    const labels = tf.tensor1d([0, 1, 2, 1, 0], 'int32');
    const step = (): number =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), labels));
        for (const [, variable] of model.namedParameters()) {
          variable.assign(tf.sub(variable, tf.mul(grads[variable.name]!, 0.1)));
        }
        return value.dataSync()[0]!;
      });
    const first = step();
    const baseline = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 30; i++) last = step();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(last).toBeLessThan(first);
    tf.dispose([x, labels]);
    model.dispose();
  });
});

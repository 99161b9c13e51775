import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { ReLU } from './activations/relu.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { Sequential } from './sequential.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

/** A module with its own layout rule and a registered generator. */
class Custom extends Module {
  readonly kernel: tf.Variable;
  constructor(readonly rng: Rng) {
    super();
    this.kernel = this.registerParameter('kernel', tf.zeros([2, 3, 4]));
    this.registerBuffer('runningMean', tf.zeros([4]));
    this.registerRng('noise', rng);
  }
  forward(x: tf.Tensor): tf.Tensor {
    return x;
  }
  protected override torchLayout(name: string) {
    return name === 'kernel' ? { name: 'weight', permutation: [2, 0, 1] } : name === 'runningMean' ? { name: 'running_mean' } : { name };
  }
  tryRegisterRng(name: string, rng: unknown): void {
    this.registerRng(name, rng as Rng);
  }
}

beforeAll(useCpuBackend);

describe('Module.namedTorchLayouts', () => {
  it('maps every parameter and buffer to its PyTorch name and permutation, in stateDict order', () => {
    const rng = new Rng(0);
    const model = new Sequential(new Linear(4, 3, { rng }), new ReLU(), new Sequential(new Custom(rng), new Linear(3, 2, { rng, bias: false })));
    expect(model.namedTorchLayouts()).toEqual([
      { name: '0.weight', torchName: '0.weight', permutation: [1, 0] },
      { name: '0.bias', torchName: '0.bias' },
      { name: '2.0.kernel', torchName: '2.0.weight', permutation: [2, 0, 1] },
      { name: '2.0.runningMean', torchName: '2.0.running_mean' },
      { name: '2.1.weight', torchName: '2.1.weight', permutation: [1, 0] },
    ]);
    expect(model.namedTorchLayouts().map((l) => l.name)).toEqual(Object.keys(model.stateDict()));
    model.dispose();
  });
});

describe('Module.namedRngs', () => {
  it('lists registered generators with dotted names, a shared one once', () => {
    const shared = new Rng(1);
    const other = new Rng(2);
    const model = new Sequential(new Linear(2, 2, { rng: new Rng(0) }), new Dropout({ p: 0.5, rng: shared }), new Dropout({ p: 0.5, rng: shared }), new Custom(other));
    expect(model.namedRngs()).toEqual([
      ['1.rng', shared],
      ['3.noise', other],
    ]);
    model.dispose();
  });

  it('restoring the saved states makes dropout draw the same masks again', () => {
    const model = new Sequential(new Dropout({ p: 0.5, rng: new Rng(3) }));
    const x = tf.ones([4, 8]);
    tf.dispose(model.forward(x));
    const saved = model.namedRngs().map(([name, rng]) => [name, rng.getState()] as const);
    const first = model.forward(x);
    for (const [name, state] of saved) model.namedRngs().find(([n]) => n === name)?.[1].setState(state);
    const again = model.forward(x);
    expect(again.dataSync()).toEqual(first.dataSync());
    tf.dispose([x, first, again]);
  });

  it('refuses a generator that is not an Rng, or a name already taken', () => {
    const custom = new Custom(new Rng(0));
    expect(() => custom.tryRegisterRng('other', { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => custom.tryRegisterRng('kernel', new Rng(1))).toThrow(/already registered/);
    expect(() => custom.tryRegisterRng('noise', new Rng(1))).toThrow(/already registered/);
    custom.dispose();
  });
});

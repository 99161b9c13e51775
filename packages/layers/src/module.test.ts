import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, InvalidArgumentError, Rng } from '@nnlab/core';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { ReLU } from './activations/relu.js';
import { Sequential } from './sequential.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

/** A module with a parameter, a buffer and a child, to exercise every registry. */
class Scaler extends Module {
  readonly scale: tf.Variable;
  readonly count: tf.Variable;
  readonly inner: Linear;
  constructor(rng: Rng) {
    super();
    this.scale = this.registerParameter('scale', tf.ones([2]));
    this.count = this.registerBuffer('count', tf.zeros([1]));
    this.inner = this.registerModule('inner', new Linear(2, 2, { rng }));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.inner.forward(tf.mul(x, this.scale));
  }
  register(name: string): void {
    this.registerParameter(name, tf.zeros([1]));
  }
}

function buildNested(seed = 0): Sequential {
  const rng = new Rng(seed);
  const encoder = new Sequential(new Linear(4, 3, { rng }), new ReLU(), new Linear(3, 2, { rng }));
  return new Sequential(encoder, new Dropout({ p: 0.5, rng }), new Scaler(rng));
}

beforeAll(useCpuBackend);

describe('Module', () => {
  it('names parameters with dotted paths in registration order', () => {
    const model = buildNested();
    expect(model.namedParameters().map(([name]) => name)).toEqual([
      '0.0.weight',
      '0.0.bias',
      '0.2.weight',
      '0.2.bias',
      '2.scale',
      '2.inner.weight',
      '2.inner.bias',
    ]);
    expect(model.namedBuffers().map(([name]) => name)).toEqual(['2.count']);
    expect(model.parameters().every((p) => p.trainable)).toBe(true);
    expect(model.namedBuffers()[0]?.[1].trainable).toBe(false);
    expect(model.namedChildren().map(([name]) => name)).toEqual(['0', '1', '2']);
    expect(model.children()[1]).toBeInstanceOf(Dropout);
    model.dispose();
  });

  it('lists a shared parameter once', () => {
    const rng = new Rng(1);
    const shared = new Linear(2, 2, { rng });
    const model = new Sequential(shared, new ReLU(), shared);
    expect(model.namedParameters().map(([name]) => name)).toEqual(['0.weight', '0.bias']);
    expect(model.numParameters()).toBe(6);
    model.dispose();
  });

  it('counts parameters', () => {
    const model = buildNested();
    expect(model.numParameters()).toBe(4 * 3 + 3 + 3 * 2 + 2 + 2 + 2 * 2 + 2);
    model.dispose();
  });

  it('sets training mode recursively', () => {
    const model = buildNested();
    const all = (m: Module): Module[] => [m, ...m.children().flatMap(all)];
    expect(all(model).every((m) => m.training)).toBe(true);
    expect(model.eval()).toBe(model);
    expect(all(model).every((m) => !m.training)).toBe(true);
    model.train();
    expect(all(model).every((m) => m.training)).toBe(true);
    model.train(false);
    expect(all(model).some((m) => m.training)).toBe(false);
    model.dispose();
  });

  it('round-trips stateDict into another model, in place', () => {
    const source = buildNested(1);
    const target = buildNested(2);
    const variablesBefore = target.parameters();
    const state = source.stateDict();
    // Each module's parameters then its buffers, modules in registration order (PyTorch's order).
    expect(Object.keys(state)).toEqual([
      '0.0.weight',
      '0.0.bias',
      '0.2.weight',
      '0.2.bias',
      '2.scale',
      '2.count',
      '2.inner.weight',
      '2.inner.bias',
    ]);
    const result = target.loadStateDict(state);
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    // Same variable objects (optimizers keep their references), new values.
    expect(target.parameters()).toEqual(variablesBefore);
    for (const [name, variable] of target.namedParameters()) {
      expect(Array.from(variable.dataSync())).toEqual(Array.from((state[name] as tf.Tensor).dataSync()));
    }
    // The dict stays usable and owned by the caller: disposing it leaves the model intact.
    const probe = Array.from(target.parameters()[0]!.dataSync());
    Object.values(state).forEach((t) => t.dispose());
    expect(Array.from(target.parameters()[0]!.dataSync())).toEqual(probe);
    source.dispose();
    target.dispose();
  });

  it('accepts its own variables as a state dict', () => {
    const model = buildNested();
    const before = model.parameters().map((p) => Array.from(p.dataSync()));
    model.loadStateDict(Object.fromEntries([...model.namedParameters(), ...model.namedBuffers()]));
    expect(model.parameters().map((p) => Array.from(p.dataSync()))).toEqual(before);
    model.dispose();
  });

  it('returns stateDict copies that do not follow later updates', () => {
    const model = buildNested();
    const state = model.stateDict();
    const weight = model.namedParameters()[0]![1];
    weight.assign(tf.zerosLike(weight));
    expect(Array.from((state['0.0.weight'] as tf.Tensor).dataSync()).some((v) => v !== 0)).toBe(true);
    Object.values(state).forEach((t) => t.dispose());
    model.dispose();
  });

  it('rejects missing, unexpected and mis-shaped keys in strict mode, naming each', () => {
    const model = buildNested();
    const state = model.stateDict();
    state['0.0.bias']!.dispose();
    delete state['0.0.bias'];
    state['extra.weight'] = tf.zeros([1]);
    state['2.scale']!.dispose();
    state['2.scale'] = tf.zeros([3]);
    const before = Array.from(model.parameters()[0]!.dataSync());
    let error: unknown;
    try {
      model.loadStateDict(Object.fromEntries(Object.entries(state).map(([k, v]) => [k, k === '0.0.weight' ? tf.zerosLike(v) : v])));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    const message = (error as Error).message;
    expect(message).toContain('missing keys: 0.0.bias');
    expect(message).toContain('unexpected keys: extra.weight');
    expect(message).toContain('2.scale (expected float32 [2], got float32 [3])');
    // Nothing was written when the dictionary was rejected.
    expect(Array.from(model.parameters()[0]!.dataSync())).toEqual(before);
    Object.values(state).forEach((t) => t.dispose());
    model.dispose();
  });

  it('reports missing and unexpected keys without throwing when strict is false', () => {
    const model = buildNested();
    const state = model.stateDict();
    state['0.0.bias']!.dispose();
    delete state['0.0.bias'];
    state['extra'] = tf.zeros([1]);
    expect(model.loadStateDict(state, { strict: false })).toEqual({ missingKeys: ['0.0.bias'], unexpectedKeys: ['extra'] });
    state['2.scale']!.dispose();
    state['2.scale'] = tf.zeros([3]);
    expect(() => model.loadStateDict(state, { strict: false })).toThrow(/2\.scale/);
    Object.values(state).forEach((t) => t.dispose());
    model.dispose();
  });

  it('dispose frees every tensor it registered, once', () => {
    const baseline = tf.memory().numTensors;
    const model = buildNested();
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(() => model.dispose()).not.toThrow();
  });

  it('does not leak the tensors given to registerParameter', () => {
    const baseline = tf.memory().numTensors;
    const model = new Scaler(new Rng(0));
    expect(tf.memory().numTensors).toBe(baseline + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('rejects duplicate or dotted names', () => {
    const model = new Scaler(new Rng(0));
    expect(() => model.register('scale')).toThrow(InvalidArgumentError);
    expect(() => model.register('inner')).toThrow(/already registered/);
    expect(() => model.register('a.b')).toThrow(/without "\."/);
    expect(() => model.register('')).toThrow(InvalidArgumentError);
    model.dispose();
  });

  it('prints a PyTorch-like summary', () => {
    const model = buildNested();
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Sequential(',
        '    (0): Linear(inFeatures=4, outFeatures=3, bias=true)',
        '    (1): ReLU()',
        '    (2): Linear(inFeatures=3, outFeatures=2, bias=true)',
        '  )',
        '  (1): Dropout(p=0.5)',
        '  (2): Scaler(',
        '    (inner): Linear(inFeatures=2, outFeatures=2, bias=true)',
        '  )',
        ')',
      ].join('\n'),
    );
    model.dispose();
  });
});


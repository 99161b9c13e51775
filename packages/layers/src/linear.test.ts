import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng, ShapeMismatchError } from '@nnlab/core';
import { constant } from './init/constant.js';
import { Linear } from './linear.js';
import { expectClose, TOLERANCE } from './expect-close.test-helper.js';
import { fixture } from './layers-fixture.test-helper.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

// PyTorch float64 reference vs our float32: rtol 1e-5, atol 1e-6 (TOLERANCE).
describe.each(fixture.linear)('Linear matches PyTorch: $name', (c) => {
  it('forward and the gradients of sum(y * dy)', () => {
    const layer = new Linear(4, 3, { rng: new Rng(0), bias: c.bias !== undefined });
    layer.loadStateDict(
      c.bias === undefined ? { weight: tf.tensor(c.weight) } : { weight: tf.tensor(c.weight), bias: tf.tensor(c.bias) },
    );
    const x = tf.tensor(c.x);
    const dy = tf.tensor(c.dy);
    expectClose(layer.forward(x), c.y, TOLERANCE);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.forward(x), dy)) as tf.Scalar);
    expectClose(grads[layer.weight.name]!, c.dweight);
    if (c.dbias !== undefined) expectClose(grads[layer.bias!.name]!, c.dbias);
    const [dx] = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(layer.forward(input), dy)))([x]);
    expectClose(dx!, c.dx);
    tf.dispose([x, dy, dx!, ...Object.values(grads)]);
    layer.dispose();
  });
});

describe('Linear', () => {
  it('uses the [inFeatures, outFeatures] layout', () => {
    const layer = new Linear(5, 2, { rng: new Rng(0) });
    expect(layer.weight.shape).toEqual([5, 2]);
    expect(layer.bias?.shape).toEqual([2]);
    expect(layer.forward(tf.zeros([7, 5])).shape).toEqual([7, 2]);
    expect(layer.forward(tf.zeros([5])).shape).toEqual([2]);
    layer.dispose();
  });

  it('initialises like PyTorch: U(+-1/sqrt(inFeatures)) for weight and bias', () => {
    const layer = new Linear(784, 300, { rng: new Rng(3) });
    const bound = 1 / Math.sqrt(784);
    const weights = Array.from(layer.weight.dataSync());
    const maxAbs = weights.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const std = Math.sqrt(weights.reduce((s, v) => s + v * v, 0) / weights.length);
    const torch = fixture.init.samples.linearDefault!;
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeCloseTo(torch.weightMaxAbs!, 4);
    expect(std).toBeCloseTo(torch.weightStd!, 3); // both ~ bound / sqrt(3)
    expect(Math.abs(std - bound / Math.sqrt(3)) / (bound / Math.sqrt(3))).toBeLessThan(0.01);
    const biasMax = Array.from(layer.bias!.dataSync()).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(biasMax).toBeLessThanOrEqual(bound);
    expect(biasMax).toBeGreaterThan(0.9 * bound);
    layer.dispose();
  });

  it('is reproducible from its Rng and accepts init overrides', () => {
    const a = new Linear(3, 2, { rng: new Rng(9) });
    const b = new Linear(3, 2, { rng: new Rng(9) });
    expect(Array.from(a.weight.dataSync())).toEqual(Array.from(b.weight.dataSync()));
    const c = new Linear(3, 2, { rng: new Rng(9), init: { weight: constant(0.5), bias: constant(-1) } });
    expect(Array.from(c.weight.dataSync())).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(c.bias!.dataSync())).toEqual([-1, -1]);
    const weight = a.weight;
    a.resetParameters(new Rng(10));
    expect(a.weight).toBe(weight);
    expect(Array.from(a.weight.dataSync())).not.toEqual(Array.from(b.weight.dataSync()));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('validates its arguments eagerly', () => {
    const rng = new Rng(0);
    expect(() => new Linear(0, 3, { rng })).toThrow(InvalidArgumentError);
    expect(() => new Linear(0, 3, { rng })).toThrow(/inFeatures/);
    expect(() => new Linear(3, 2.5, { rng })).toThrow(/outFeatures.*2\.5/);
    expect(() => new Linear(3, 2, {} as never)).toThrow(/rng/);
  });

  it('names both shapes when the input does not fit', () => {
    const layer = new Linear(4, 3, { rng: new Rng(0) });
    const x = tf.zeros([2, 5]);
    expect(() => layer.forward(x)).toThrow(ShapeMismatchError);
    expect(() => layer.forward(x)).toThrow(/\[\.\.\., 4\], got \[2, 5\]/);
    x.dispose();
    layer.dispose();
  });
});

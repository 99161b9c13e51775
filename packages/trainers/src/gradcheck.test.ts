import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { crossEntropy, Linear, Module, mseLoss, Sequential, Tanh } from '@nnlab/layers';
import { mlp } from '@nnlab/models';
import { gradcheck, GRADCHECK_DEFAULT_TOLERANCE } from './gradcheck.js';

beforeAll(async () => {
  await cpuBackend.activate();
});

/** `x * weight` whose gradient with respect to `weight` is deliberately doubled. */
class WrongGradient extends Module {
  readonly weight: tf.Variable;
  constructor(size: number) {
    super();
    this.weight = this.registerParameter('weight', tf.linspace(0.5, 1.5, size));
  }
  forward(x: tf.Tensor): tf.Tensor {
    const scale = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [input, weight, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([input, weight]);
      return {
        value: tf.mul(input, weight),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [savedInput, savedWeight] = saved as [tf.Tensor, tf.Tensor];
          return [tf.mul(dy, savedWeight), tf.mul(tf.sum(tf.mul(dy, savedInput), 0), 2)];
        },
      };
    });
    return scale(x, this.weight);
  }
}

/** `x * sum(relu(weight))` with a weight 1e-3 from ReLU's kink. */
class NearKink extends Module {
  constructor() {
    super();
    this.registerParameter('weight', tf.tensor1d([1e-3, 0.5, -0.7]));
  }
  forward(x: tf.Tensor): tf.Tensor {
    const [, weight] = this.namedParameters()[0] as [string, tf.Variable];
    return tf.mul(x, tf.sum(tf.relu(weight)));
  }
}

function problem(seed: number, batch = 5): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rng = new Rng(seed);
  return { x: tf.tensor2d(rng.normalArray(batch * 3), [batch, 3]), y: tf.tensor1d(Array.from({ length: batch }, () => rng.int(3)), 'int32') };
}

describe('gradcheck', () => {
  it('gives each parameter its float32 rounding floor: tiny gradients sit at it, a wrong gradient far above it', async () => {
    const model = mlp([3, 5, 3], { rng: new Rng(3), activation: 'sigmoid' });
    const { x, y } = problem(4);
    // Inputs 1e-3 small: the first layer's weight gradients are ~1e-3 of its bias gradients.
    const tiny = tf.mul(x, 1e-3);
    const result = await gradcheck(model, crossEntropy, tiny, y);
    const byName = Object.fromEntries(result.parameters.map((p) => [p.name, p]));
    const first = byName['1.weight'];
    expect(first?.roundingFloor).toBeGreaterThan(GRADCHECK_DEFAULT_TOLERANCE);
    expect(first?.relativeDifference).toBeLessThan(3 * (first?.roundingFloor ?? 0));
    for (const name of ['1.bias', '3.weight', '3.bias']) {
      expect(byName[name]?.roundingFloor, name).toBeLessThan(1e-3);
      expect(byName[name]?.relativeDifference, name).toBeLessThan(GRADCHECK_DEFAULT_TOLERANCE);
    }
    const wrong = (await gradcheck(new WrongGradient(4), mseLoss, tf.ones([2, 4]), tf.zeros([2, 4]))).parameters[0];
    expect(wrong?.relativeDifference).toBeGreaterThan(100 * (wrong?.roundingFloor ?? 1));
    tf.dispose([x, y, tiny]);
    model.dispose();
  });

  it('passes a correct 3-5-3 ReLU network, with and without L2, and restores every parameter bit-exactly', async () => {
    const model = mlp([3, 5, 3], { rng: new Rng(7) });
    const { x, y } = problem(8);
    const before = model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const tensors = tf.memory().numTensors;
    for (const l2 of [0, 0.5]) {
      const result = await gradcheck(model, crossEntropy, x, y, { l2 });
      expect(result.parameters.map((p) => p.name)).toEqual(['1.weight', '1.bias', '3.weight', '3.bias']);
      expect(result.parameters.map((p) => p.checkedElements + p.kinkElements)).toEqual([15, 5, 15, 3]);
      expect(result.maxRelativeDifference).toBeLessThan(1e-3);
      expect(result.passed).toBe(true);
      expect(result.tolerance).toBe(GRADCHECK_DEFAULT_TOLERANCE);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(model.namedParameters().map(([, v]) => Array.from(v.dataSync()))).toEqual(before);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('catches a layer whose custom gradient is wrong, and only that parameter', async () => {
    const model = new Sequential(new Linear(3, 4, { rng: new Rng(1) }), new Tanh(), new WrongGradient(4));
    const { x, y } = problem(2, 6);
    const result = await gradcheck(model, crossEntropy, x, y);
    const byName = Object.fromEntries(result.parameters.map((p) => [p.name, p.relativeDifference]));
    // Doubled gradient: ||g - 2g|| / ||g + 2g|| = 1/3.
    expect(byName['2.weight']).toBeCloseTo(1 / 3, 3);
    expect(byName['0.weight']).toBeLessThan(1e-3);
    expect(result.passed).toBe(false);
    expect(result.maxRelativeDifference).toBe(byName['2.weight']);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('adds lambda/2 * sum of squared weights (not biases) to the checked loss', async () => {
    const model = mlp([3, 5, 3], { rng: new Rng(3), activation: 'tanh' });
    const { x, y } = problem(4);
    const plain = await gradcheck(model, crossEntropy, x, y, { parameters: ['3.bias'] });
    const l2 = await gradcheck(model, crossEntropy, x, y, { l2: 0.2, parameters: ['3.bias'] });
    const squares = model.namedParameters().filter(([n]) => n.endsWith('weight')).reduce((s, [, v]) => s + tf.tidy(() => tf.sum(tf.square(v)).dataSync()[0] as number), 0);
    expect(l2.loss - plain.loss).toBeCloseTo(0.1 * squares, 5);
    expect(l2.parameters.map((p) => p.name)).toEqual(['3.bias']);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('leaves out elements at a kink (and shows why: kept, they fail the check)', async () => {
    const model = new NearKink();
    const x = tf.tensor2d([[1, -2], [0.5, 3]]);
    const target = tf.tensor2d([[0, 1], [2, 0]]);
    const kept = await gradcheck(model, mseLoss, x, target, { skipKinks: false });
    expect(kept.passed).toBe(false);
    const skipped = await gradcheck(model, mseLoss, x, target);
    expect(skipped.parameters[0]).toMatchObject({ kinkElements: 1, checkedElements: 2, totalElements: 3 });
    expect(skipped.maxRelativeDifference).toBeLessThan(1e-4);
    x.dispose();
    target.dispose();
    model.dispose();
  });

  it('checks a seeded subset of at most maxElementsPerParameter elements', async () => {
    const model = mlp([3, 5, 3], { rng: new Rng(5), activation: 'tanh' });
    const { x, y } = problem(6);
    const a = await gradcheck(model, crossEntropy, x, y, { maxElementsPerParameter: 4, seed: 9 });
    const b = await gradcheck(model, crossEntropy, x, y, { maxElementsPerParameter: 4, seed: 9 });
    expect(a.parameters.map((p) => p.checkedElements + p.kinkElements)).toEqual([4, 4, 4, 3]);
    expect(a.parameters.map((p) => p.relativeDifference)).toEqual(b.parameters.map((p) => p.relativeDifference));
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it.each([
    [{ epsilon: 0 }, /gradcheck epsilon must be a finite number > 0, got 0/],
    [{ parameters: ['9.weight'] }, /"9.weight" is not a parameter of the model; parameters are "1.weight", "1.bias"/],
    [{ maxElementsPerParameter: 0 }, /maxElementsPerParameter must be an integer >= 1, got 0/],
    [{ l2: -1 }, /gradcheck l2 must be a finite number >= 0, got -1/],
  ])('rejects %j', async (options, message) => {
    const model = mlp([3, 3], { rng: new Rng(0) });
    const { x, y } = problem(0);
    await expect(gradcheck(model, crossEntropy, x, y, options)).rejects.toThrow(InvalidArgumentError);
    await expect(gradcheck(model, crossEntropy, x, y, options)).rejects.toThrow(message);
    x.dispose();
    y.dispose();
    model.dispose();
  });
});

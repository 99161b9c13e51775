import { CheckpointError, FUSED_KERNELS, InvalidArgumentError, ShapeMismatchError } from '@nnlab/core';
import { cpuBackend } from '@nnlab/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chain } from './chain.js';
import { createOptimizer, type OptimizerOptions } from './create-optimizer.js';
import type { GradientTransformation, TensorMap } from './gradient-transformation.js';
import { Optimizer } from './optimizer.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { sgd } from './sgd.js';

// Heavy configurations so every kind of state (moments, max, averages,
// momentum buffers) takes part in the round-trip and leak tests.
const configurations: Array<[string, OptimizerOptions]> = [
  ['sgd', { learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
  ['adam', { learningRate: 0.01, amsgrad: true, weightDecay: 0.01 }],
  ['adamw', { learningRate: 0.01 }],
  ['adagrad', { learningRate: 0.1, learningRateDecay: 0.01, initialAccumulatorValue: 0.1 }],
  ['rmsprop', { learningRate: 0.01, centered: true, momentum: 0.9, weightDecay: 0.01 }],
];

/** A variable that owns `initial`'s data (tf.variable would leave `initial` alive). */
function variable(initial: tf.Tensor): tf.Variable {
  const result = tf.variable(initial);
  initial.dispose();
  return result;
}

function makeParameters(): Array<[string, tf.Variable]> {
  return [
    ['layer.weight', variable(tf.tensor2d([[0.5, -1], [2, 0.25], [-0.75, 1]]))],
    ['layer.bias', variable(tf.tensor1d([0.1, -0.2]))],
  ];
}

/** Deterministic gradients that change from step to step. */
function gradientsAt(step: number, parameters: Array<[string, tf.Variable]>): TensorMap {
  return tf.tidy(() => {
    const gradients: TensorMap = {};
    parameters.forEach(([name, parameter], index) => {
      const phase = tf.add(tf.reshape(tf.range(0, parameter.size), parameter.shape), step + index);
      gradients[name] = tf.add(tf.mul(parameter, 0.5), tf.sin(phase));
    });
    return gradients;
  });
}

function run(optimizer: Optimizer, parameters: Array<[string, tf.Variable]>, from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const gradients = gradientsAt(step, parameters);
    optimizer.step(gradients);
    tf.dispose(Object.values(gradients));
  }
}

function values(parameters: Array<[string, tf.Variable]>): number[][] {
  return parameters.map(([, parameter]) => Array.from(parameter.dataSync()));
}

function dispose(parameters: Array<[string, tf.Variable]>): void {
  tf.dispose(parameters.map(([, parameter]) => parameter));
}

beforeAll(async () => {
  await cpuBackend.activate();
});

let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  // Every test disposes what it made, so nothing may be left behind.
  expect(tf.memory().numTensors).toBe(baseline);
});

describe('Optimizer state', () => {
  it.each(configurations)('%s: stateDict round-trip (3 steps, save, load, 2 steps) equals 5 steps', (name, options) => {
    const straightParameters = makeParameters();
    const straight = createOptimizer(name, straightParameters, options);
    run(straight, straightParameters, 0, 5);

    const resumedParameters = makeParameters();
    const first = createOptimizer(name, resumedParameters, options);
    run(first, resumedParameters, 0, 3);
    const saved = first.stateDict();
    first.dispose();
    const resumed = createOptimizer(name, resumedParameters, options);
    resumed.loadStateDict(saved);
    tf.dispose(Object.values(saved.state).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    expect(resumed.stepCount).toBe(3);
    run(resumed, resumedParameters, 3, 5);

    expect(values(resumedParameters)).toEqual(values(straightParameters));
    straight.dispose();
    resumed.dispose();
    dispose(straightParameters);
    dispose(resumedParameters);
  });

  it.each(configurations)('%s: numTensors stays flat over 100 steps', (name, options) => {
    const parameters = makeParameters();
    const optimizer = createOptimizer(name, parameters, options);
    run(optimizer, parameters, 0, 2);
    const after2 = tf.memory().numTensors;
    run(optimizer, parameters, 2, 100);
    expect(tf.memory().numTensors).toBe(after2);
    optimizer.dispose();
    dispose(parameters);
  });

  it.each(configurations)('%s: steps taken inside a caller\'s tf.tidy keep their state (as fit() does)', (name, options) => {
    const outsideParameters = makeParameters();
    const outside = createOptimizer(name, outsideParameters, options);
    run(outside, outsideParameters, 0, 4);
    const insideParameters = makeParameters();
    const inside = createOptimizer(name, insideParameters, options);
    for (let step = 0; step < 4; step++) tf.tidy(() => inside.step(gradientsAt(step, insideParameters)));
    expect(values(insideParameters)).toEqual(values(outsideParameters));
    outside.dispose();
    inside.dispose();
    dispose(outsideParameters);
    dispose(insideParameters);
  });

  it('stateDict uses flat dotted keys, clones tensors and saves a numeric learning rate', () => {
    const parameters = makeParameters();
    const optimizer = createOptimizer('adam', parameters, { learningRate: 0.01 });
    run(optimizer, parameters, 0, 1);
    const dict = optimizer.stateDict();
    expect(dict.step).toBe(1);
    expect(dict.learningRate).toBe(0.01);
    expect(Object.keys(dict.state).sort()).toEqual([
      '1.firstMoment.layer.bias',
      '1.firstMoment.layer.weight',
      '1.secondMoment.layer.bias',
      '1.secondMoment.layer.weight',
    ]);
    tf.dispose(Object.values(dict.state).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    run(optimizer, parameters, 1, 2); // the optimizer's own state survived the caller's disposal
    optimizer.learningRate = () => 0.5;
    const scheduled = optimizer.stateDict();
    expect(scheduled.learningRate).toBeUndefined();
    tf.dispose(Object.values(scheduled.state).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    optimizer.dispose();
    dispose(parameters);
  });

  it('loadStateDict rejects missing keys and wrong shapes and leaves the state unchanged', () => {
    const parameters = makeParameters();
    const optimizer = createOptimizer('sgd', parameters, { learningRate: 0.1, momentum: 0.9 });
    run(optimizer, parameters, 0, 2);
    const good = optimizer.stateDict();
    const wrongShape = { ...good, state: { ...good.state, '1.momentum.layer.bias': tf.zeros([3]) } };
    expect(() => optimizer.loadStateDict(wrongShape)).toThrow(ShapeMismatchError);
    expect(() => optimizer.loadStateDict(wrongShape)).toThrow(/1\.momentum\.layer\.bias.*\[3\].*\[2\]/);
    const { ['1.momentum.layer.weight']: _dropped, ...rest } = good.state;
    expect(() => optimizer.loadStateDict({ ...good, state: rest })).toThrow(CheckpointError);
    expect(() => optimizer.loadStateDict({ ...good, state: rest })).toThrow(/missing "1\.momentum\.layer\.weight"/);
    expect(() => optimizer.loadStateDict({ ...good, state: { ...good.state, extra: 1 } })).toThrow(/unexpected "extra"/);
    expect(() => optimizer.loadStateDict({ ...good, step: -1 })).toThrow(/stateDict\.step/);
    expect(optimizer.stepCount).toBe(2);
    tf.dispose([wrongShape.state['1.momentum.layer.bias'] as tf.Tensor]);
    tf.dispose(Object.values(good.state).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    run(optimizer, parameters, 2, 3);
    optimizer.dispose();
    dispose(parameters);
  });

  it('numeric transform state round-trips through stateDict', () => {
    const counting: GradientTransformation<{ calls: number }> = {
      init: () => ({ calls: 0 }),
      update: (gradients, state) => ({ updates: gradients, state: { calls: state.calls + 1 } }),
    };
    const parameters = makeParameters();
    const optimizer = new Optimizer(parameters, chain(counting, scaleByLearningRate()), { learningRate: 0.1 });
    run(optimizer, parameters, 0, 3);
    const dict = optimizer.stateDict();
    expect(dict.state).toEqual({ '0.calls': 3 });
    const other = new Optimizer(parameters, chain(counting, scaleByLearningRate()), { learningRate: 0.1 });
    other.loadStateDict(dict);
    expect(other.stateDict().state).toEqual({ '0.calls': 3 });
    optimizer.dispose();
    other.dispose();
    dispose(parameters);
  });
});

describe('Optimizer.step', () => {
  it('skips a parameter without a gradient and leaves its state alone', () => {
    const parameters = makeParameters();
    const optimizer = createOptimizer('adam', parameters, { learningRate: 0.1 });
    run(optimizer, parameters, 0, 1);
    const before = optimizer.stateDict();
    const biasBefore = Array.from((parameters[1] as [string, tf.Variable])[1].dataSync());
    const weightBefore = Array.from((parameters[0] as [string, tf.Variable])[1].dataSync());
    const gradients = gradientsAt(1, parameters);
    optimizer.step({ 'layer.weight': gradients['layer.weight'] as tf.Tensor });
    tf.dispose(Object.values(gradients));
    const after = optimizer.stateDict();
    expect(Array.from((parameters[1] as [string, tf.Variable])[1].dataSync())).toEqual(biasBefore);
    expect(Array.from((parameters[0] as [string, tf.Variable])[1].dataSync())).not.toEqual(weightBefore);
    for (const key of ['1.firstMoment.layer.bias', '1.secondMoment.layer.bias']) {
      expect(Array.from((after.state[key] as tf.Tensor).dataSync())).toEqual(Array.from((before.state[key] as tf.Tensor).dataSync()));
    }
    expect(after.step).toBe(2);
    tf.dispose([...Object.values(before.state), ...Object.values(after.state)].filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    optimizer.dispose();
    dispose(parameters);
  });

  // Twice: with the cpu backend's NnlabSelectIf kernel (shares buffers) and with the tf.where path GPUs take.
  it.each(configurations.flatMap(([name, options]) => [[name, options, 'kernel'] as const, [name, options, 'where'] as const]))('%s: applyIf false leaves parameters and state as they were, even with NaN gradients; true equals a plain step (%s, %s)', (name, options, path) => {
    const kernel = tf.getKernel(FUSED_KERNELS.selectIf, 'cpu');
    expect(kernel).toBeDefined();
    if (path === 'where') tf.unregisterKernel(FUSED_KERNELS.selectIf, 'cpu');
    try {
      checkApplyIf(name, options);
    } finally {
      if (path === 'where' && kernel !== undefined) tf.registerKernel(kernel);
    }
  });

  function checkApplyIf(name: string, options: OptimizerOptions): void {
    const masked = makeParameters();
    const plain = makeParameters();
    const maskedOptimizer = createOptimizer(name as never, masked, options);
    const plainOptimizer = createOptimizer(name as never, plain, options);
    const yes = tf.scalar(true, 'bool');
    const no = tf.scalar(false, 'bool');
    for (let step = 0; step < 3; step++) {
      const gradients = gradientsAt(step, masked);
      maskedOptimizer.step(gradients, { applyIf: yes });
      plainOptimizer.step(gradients);
      tf.dispose(Object.values(gradients));
    }
    expect(values(masked)).toEqual(values(plain));
    const before = maskedOptimizer.stateDict();
    const weightsBefore = values(masked);
    const poisoned = tf.tidy(() => Object.fromEntries(masked.map(([key, p]) => [key, tf.fill(p.shape, Number.NaN)])));
    maskedOptimizer.step(poisoned, { applyIf: no });
    tf.dispose(Object.values(poisoned));
    const after = maskedOptimizer.stateDict();
    expect(values(masked)).toEqual(weightsBefore);
    for (const [key, value] of Object.entries(before.state)) {
      const saved = after.state[key];
      if (value instanceof tf.Tensor) expect(Array.from((saved as tf.Tensor).dataSync())).toEqual(Array.from(value.dataSync()));
    }
    expect(after.step).toBe(4);
    tf.dispose([...Object.values(before.state), ...Object.values(after.state)].filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    const number = tf.scalar(1);
    expect(() => maskedOptimizer.step({}, { applyIf: number })).toThrow(/applyIf must be a bool scalar/);
    tf.dispose([yes, no, number]);
    maskedOptimizer.dispose();
    plainOptimizer.dispose();
    dispose(masked);
    dispose(plain);
  }

  it('rejects unknown gradient names and wrong shapes, naming them', () => {
    const parameters = makeParameters();
    const optimizer = sgd(parameters, { learningRate: 0.1 });
    const gradient = tf.zeros([2]);
    expect(() => optimizer.step({ 'layer.bais': gradient })).toThrow(InvalidArgumentError);
    expect(() => optimizer.step({ 'layer.bais': gradient })).toThrow(/"layer\.bais".*"layer\.weight", "layer\.bias"/);
    expect(() => optimizer.step({ 'layer.weight': gradient })).toThrow(ShapeMismatchError);
    expect(() => optimizer.step({ 'layer.weight': gradient })).toThrow(/"layer\.weight" has shape \[2\].*\[3,2\]/);
    expect(optimizer.stepCount).toBe(0);
    gradient.dispose();
    optimizer.dispose();
    dispose(parameters);
  });

  it('applies param += -lr * gradient for plain sgd and accepts a module-like object', () => {
    const weight = variable(tf.tensor1d([1, 2, 3]));
    const module = { namedParameters: (): Array<[string, tf.Variable]> => [['w', weight]] };
    const optimizer = sgd(module, { learningRate: 0.5 });
    const gradient = tf.tensor1d([2, -2, 0]);
    optimizer.step({ w: gradient });
    expect(Array.from(weight.dataSync())).toEqual([0, 3, 3]);
    tf.dispose([gradient, weight]);
    optimizer.dispose();
  });

  it('never keeps a caller-owned gradient as state', () => {
    // trace() would alias the gradient on its first step without the clone.
    const weight = variable(tf.tensor1d([1, 1]));
    const optimizer = sgd([['w', weight]], { learningRate: 1, momentum: 0.5 });
    const first = tf.tensor1d([1, 1]);
    optimizer.step({ w: first });
    first.dispose();
    const second = tf.tensor1d([0, 0]);
    optimizer.step({ w: second }); // buf = 0.5 * [1, 1] + 0
    second.dispose();
    expect(Array.from(weight.dataSync())).toEqual([-0.5, -0.5]);
    weight.dispose();
    optimizer.dispose();
  });
});

describe('learning rate', () => {
  it('evaluates a schedule at the number of steps taken and can be replaced between steps', () => {
    const weight = variable(tf.tensor1d([0]));
    const seen: number[] = [];
    const optimizer = sgd([['w', weight]], { learningRate: (step) => (seen.push(step), 1 / (step + 1)) });
    expect(optimizer.currentLearningRate).toBe(1);
    const gradient = tf.tensor1d([-1]);
    optimizer.step({ w: gradient });
    optimizer.step({ w: gradient });
    expect(weight.dataSync()[0]).toBeCloseTo(1.5, 6);
    expect(optimizer.currentLearningRate).toBeCloseTo(1 / 3, 12);
    optimizer.learningRate = 0.25; // what a plateau scheduler does
    expect(optimizer.learningRate).toBe(0.25);
    expect(optimizer.currentLearningRate).toBe(0.25);
    optimizer.step({ w: gradient });
    expect(weight.dataSync()[0]).toBeCloseTo(1.75, 6);
    expect(optimizer.stepCount).toBe(3);
    expect(seen.slice(0, 3)).toEqual([0, 0, 1]);
    optimizer.learningRate = () => -1;
    expect(() => optimizer.step({ w: gradient })).toThrow(/schedule returned -1 at step 3/);
    expect(() => (optimizer.learningRate = -0.1)).toThrow(/learningRate must be a finite number >= 0, got -0.1/);
    tf.dispose([gradient, weight]);
    optimizer.dispose();
  });
});

describe('parameters', () => {
  it('rejects empty, duplicate and non-variable parameters', () => {
    const weight = variable(tf.zeros([2]));
    expect(() => sgd([], { learningRate: 0.1 })).toThrow(/parameters is empty/);
    expect(() => sgd([['w', weight], ['w', weight]], { learningRate: 0.1 })).toThrow(/"w" appears more than once/);
    expect(() => sgd([['w', weight], ['v', weight]], { learningRate: 0.1 })).toThrow(/"v" is the same variable/);
    const notVariable = tf.zeros([2]);
    expect(() => sgd([['w', notVariable as unknown as tf.Variable]], { learningRate: 0.1 })).toThrow(/tf\.Variable/);
    tf.dispose([weight, notVariable]);
  });

  it('dispose frees the state and makes the optimizer unusable', () => {
    const weight = variable(tf.zeros([2]));
    const before = tf.memory().numTensors;
    const optimizer = createOptimizer('adam', [['w', weight]], { amsgrad: true });
    expect(tf.memory().numTensors).toBe(before + 3);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => optimizer.step({})).toThrow(/disposed/);
    weight.dispose();
  });
});

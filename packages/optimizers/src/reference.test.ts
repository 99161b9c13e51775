import { cpuBackend } from '@nnlab/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from './fixtures/optimizers.json' with { type: 'json' };
import { chain } from './chain.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { createOptimizer, optimizerNames, type OptimizerOptions } from './create-optimizer.js';
import { Optimizer } from './optimizer.js';
import { scaleByLearningRate } from './scale-by-learning-rate.js';
import { trace } from './trace.js';
import type { TensorMap } from './gradient-transformation.js';

// Reference trajectories from PyTorch 1.13 (tools/fixtures/optimizers.py):
// five float32 steps per configuration, compared after every step.
const RTOL = 1e-5;
const ATOL = 1e-6;

interface Case {
  name: string;
  optimizer: string;
  options: Record<string, number | boolean>;
  learningRates?: number[];
  learningRateMode?: 'schedule' | 'set';
  skip?: Record<string, string[]>;
  clipGradNorm?: number;
  parameters: Array<Record<string, number[]>>;
}

const shapes = fixture.shapes as Record<string, number[]>;
const initial = fixture.initial as Record<string, number[]>;
const gradients = fixture.gradients as Array<Record<string, number[]>>;
const cases = fixture.cases as unknown as Case[];

function build(testCase: Case, variables: Array<[string, tf.Variable]>): Optimizer {
  const { learningRates, learningRateMode } = testCase;
  const options: OptimizerOptions = { ...testCase.options };
  if (learningRates && learningRateMode === 'schedule') {
    options.learningRate = (step) => learningRates[step] ?? Number.NaN;
  }
  if (testCase.clipGradNorm !== undefined) {
    // Gradient clipping is a transform, not an option of the named optimizers.
    expect(testCase.optimizer).toBe('sgd');
    const transform = chain(
      clipByGlobalNorm(testCase.clipGradNorm),
      trace({ momentum: Number(testCase.options.momentum) }),
      scaleByLearningRate(),
    );
    return new Optimizer(variables, transform, { learningRate: Number(testCase.options.learningRate) });
  }
  return createOptimizer(testCase.optimizer, variables, options);
}

function expectClose(actual: Float32Array, expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i] as number;
    const tolerance = ATOL + RTOL * Math.abs(want);
    if (Math.abs(value - want) > tolerance) {
      expect.fail(`${label}[${i}] = ${value}, PyTorch gives ${want} (tolerance ${tolerance.toExponential(2)})`);
    }
  });
}

beforeAll(async () => {
  await cpuBackend.activate();
});

describe('optimizers match PyTorch 1.13', () => {
  it('covers every named optimizer', () => {
    // A new optimizer in named-optimizers.ts fails here until tools/fixtures/optimizers.py has cases for it.
    expect(new Set(cases.map((c) => c.optimizer))).toEqual(new Set(optimizerNames));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const variables = Object.entries(shapes).map(
      ([name, shape]) => [name, tf.variable(tf.tensor(initial[name] as number[], shape))] as [string, tf.Variable],
    );
    const optimizer = build(testCase, variables);
    testCase.parameters.forEach((expected, step) => {
      if (testCase.learningRates && testCase.learningRateMode === 'set') {
        optimizer.learningRate = testCase.learningRates[step] as number;
      }
      const skipped = testCase.skip?.[String(step)] ?? [];
      const grads: TensorMap = {};
      for (const [name, shape] of Object.entries(shapes)) {
        if (!skipped.includes(name)) grads[name] = tf.tensor((gradients[step] as Record<string, number[]>)[name] as number[], shape);
      }
      optimizer.step(grads);
      tf.dispose(Object.values(grads));
      for (const [name, variable] of variables) {
        expectClose(variable.dataSync() as Float32Array, expected[name] as number[], `${name} after step ${step + 1}`);
      }
    });
    expect(optimizer.stepCount).toBe(testCase.parameters.length);
    optimizer.dispose();
    tf.dispose(variables.map(([, v]) => v));
  });
});

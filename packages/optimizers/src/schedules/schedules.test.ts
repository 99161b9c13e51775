import { InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import fixtures from '../fixtures/schedules.json' with { type: 'json' };
import type { Schedule } from '../optimizer.js';
import { sgd } from '../sgd.js';
import { cosineAnnealingLR } from './cosine-annealing-lr.js';
import { exponentialLR } from './exponential-lr.js';
import { multiStepLR } from './multi-step-lr.js';
import { oneCycleLR } from './one-cycle-lr.js';
import { stepLR } from './step-lr.js';

// The fixture's options use nnlab's names, so each factory takes them as they are.
const factories: Record<string, (options: never) => Schedule> = { stepLR, multiStepLR, exponentialLR, cosineAnnealingLR, oneCycleLR };

interface ScheduleCase {
  name: string;
  schedule: string;
  options: Record<string, unknown>;
  values: number[];
}

describe('learning-rate schedules match PyTorch 1.13 get_last_lr() (rtol 1e-7)', () => {
  it.each((fixtures.cases as ScheduleCase[]).map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const factory = factories[testCase.schedule];
    if (factory === undefined) throw new Error(`no schedule "${testCase.schedule}"`);
    const schedule = factory(testCase.options as never);
    testCase.values.forEach((expected, step) => {
      const actual = schedule(step);
      // Exact zeros (cosine at tMax) get a tiny absolute floor; everything else is relative.
      expect(Math.abs(actual - expected), `step ${step}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-7 * Math.abs(expected) + 1e-15);
    });
  });
});

describe('schedules', () => {
  it('drive an optimizer by step count (currentLearningRate follows the schedule)', async () => {
    await cpuBackend.activate();
    const weight = tf.variable(tf.ones([2]));
    const optimizer = sgd([['weight', weight]], { learningRate: stepLR({ learningRate: 0.1, stepSize: 2, gamma: 0.5 }) });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.push(optimizer.currentLearningRate);
      const gradient = tf.ones([2]);
      optimizer.step({ weight: gradient });
      gradient.dispose();
    }
    expect(seen).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    // 2*0.1 + 2*0.05 + 0.025 taken off each weight.
    expect(Array.from(weight.dataSync())).toEqual([expect.closeTo(1 - 0.325, 6), expect.closeTo(1 - 0.325, 6)]);
    optimizer.dispose();
    weight.dispose();
  });

  it('oneCycleLR reads up to totalSteps and throws past it, naming totalSteps', () => {
    const schedule = oneCycleLR({ maxLearningRate: 0.1, totalSteps: 10 });
    expect(schedule(10)).toBeGreaterThan(0);
    expect(() => schedule(11)).toThrow(/step 11, past its totalSteps 10/);
  });

  it.each([
    ['stepLR stepSize', () => stepLR({ learningRate: 0.1, stepSize: 0 }), /stepLR stepSize must be an integer >= 1, got 0/],
    ['stepLR learningRate', () => stepLR({ learningRate: -1, stepSize: 1 }), /stepLR learningRate must be a finite number >= 0, got -1/],
    ['multiStepLR milestones', () => multiStepLR({ learningRate: 0.1, milestones: [3, -1] }), /multiStepLR milestones\[1\] must be an integer >= 0, got -1/],
    ['exponentialLR gamma', () => exponentialLR({ learningRate: 0.1, gamma: 0 }), /exponentialLR gamma must be a finite number > 0, got 0/],
    ['cosine tMax', () => cosineAnnealingLR({ learningRate: 0.1, tMax: 0 }), /tMax must be an integer >= 1, got 0/],
    ['cosine etaMin', () => cosineAnnealingLR({ learningRate: 0.1, tMax: 5, etaMin: 0.2 }), /etaMin \(0.2\) must not exceed learningRate \(0.1\)/],
    ['cosine warm-up factor', () => cosineAnnealingLR({ learningRate: 0.1, tMax: 5, warmupSteps: 2, warmupStartFactor: 0 }), /warmupStartFactor must be a finite number > 0 and <= 1, got 0/],
    ['oneCycle anneal', () => oneCycleLR({ maxLearningRate: 0.1, totalSteps: 10, annealStrategy: 'exp' as 'cos' }), /annealStrategy must be one of "cos", "linear", got "exp"/],
    ['oneCycle pctStart', () => oneCycleLR({ maxLearningRate: 0.1, totalSteps: 10, pctStart: 1.5 }), /pctStart must be a finite number >= 0 and <= 1, got 1.5/],
    ['negative step', () => stepLR({ learningRate: 0.1, stepSize: 1 })(-1), /stepLR step must be an integer >= 0, got -1/],
  ])('rejects bad %s eagerly', (_name, build, message) => {
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { CheckpointError, InvalidArgumentError, Rng } from '@nnlab/core';
import { mlp } from '@nnlab/models';
import { type Optimizer, sgd } from '@nnlab/optimizers';
import type { TrainingContext } from './callback.js';
import { fit } from './fit.js';
import fixtures from './fixtures/plateau.json' with { type: 'json' };
import { reduceLROnPlateau, type ReduceLROnPlateauCallback, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
import type { EpochLog } from './types.js';

interface PlateauCase {
  name: string;
  learningRate: number;
  options: ReduceLROnPlateauOptions;
  metrics: number[];
  values: number[];
}

beforeAll(async () => {
  await cpuBackend.activate();
});

/** Feeds `metrics` (as validationLoss) to the callback epoch by epoch; returns the rate after each. */
function drive(callback: ReduceLROnPlateauCallback, optimizer: Optimizer, metrics: readonly number[], firstEpoch = 1): number[] {
  const context = { optimizer, stop: () => undefined } as unknown as TrainingContext;
  return metrics.map((metric, i) => {
    const log: EpochLog = { epoch: firstEpoch + i, loss: 0, metrics: { accuracy: 0 }, accuracy: 0, validationLoss: metric, learningRate: optimizer.currentLearningRate, seconds: 0, samplesPerSec: 0, steps: 0 };
    void callback.onEpochEnd?.(log, context);
    return optimizer.currentLearningRate;
  });
}

function withOptimizer<T>(learningRate: number, fn: (optimizer: Optimizer) => T): T {
  const weight = tf.variable(tf.zeros([1]));
  const optimizer = sgd([['weight', weight]], { learningRate, momentum: 0.9 });
  try {
    return fn(optimizer);
  } finally {
    optimizer.dispose();
    weight.dispose();
  }
}

describe('reduceLROnPlateau matches PyTorch 1.13 ReduceLROnPlateau', () => {
  it.each((fixtures.cases as PlateauCase[]).map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const rates = withOptimizer(testCase.learningRate, (optimizer) =>
      drive(reduceLROnPlateau({ ...testCase.options, monitor: 'validationLoss' }), optimizer, testCase.metrics),
    );
    rates.forEach((rate, i) => expect(rate, `epoch ${i + 1}`).toBeCloseTo(testCase.values[i] as number, 15));
  });

  it('state() is plain JSON and loadState() resumes mid-sequence with identical rates', () => {
    const testCase = (fixtures.cases as PlateauCase[]).find((c) => c.name.startsWith('max abs threshold cooldown')) as PlateauCase;
    const options = { ...testCase.options, monitor: 'validationLoss' as const };
    const half = 5;
    const resumed = withOptimizer(testCase.learningRate, (optimizer) => {
      const first = reduceLROnPlateau(options);
      const before = drive(first, optimizer, testCase.metrics.slice(0, half));
      const saved = JSON.parse(JSON.stringify(first.state())) as ReturnType<typeof first.state>;
      expect(saved).toEqual(first.state());
      const second = reduceLROnPlateau(options);
      second.loadState(saved);
      return [...before, ...drive(second, optimizer, testCase.metrics.slice(half), half + 1)];
    });
    expect(resumed).toEqual(testCase.values);
  });

  it('reports each reduction through onChange and lowers the rate inside fit', async () => {
    const changes: Array<[number, number, number]> = [];
    const model = mlp([2, 3, 2], { rng: new Rng(3) });
    // With a negligible rate the loss on a fixed batch cannot improve by the threshold: every epoch after the first reduces (patience 0).
    const optimizer = sgd(model, { learningRate: 1e-10 });
    const batch = () => [{ x: tf.tensor2d([[1, 2], [3, -1]]), y: tf.tensor1d([0, 1], 'int32') }];
    const history = await fit(model, optimizer, {
      train: { [Symbol.iterator]: () => batch()[Symbol.iterator]() },
      epochs: 3,
      callbacks: [
        reduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5, eps: 0, onChange: (from, to, epoch) => void changes.push([from, to, epoch]) }),
      ],
    });
    expect(changes.map(([, , epoch]) => epoch)).toEqual([2, 3]);
    expect(changes[0]).toEqual([1e-10, 0.5e-10, 2]);
    expect(history.epochs.map((e) => e.learningRate)).toEqual([1e-10, 1e-10, 0.5e-10]);
    optimizer.dispose();
    model.dispose();
  });

  it('names a missing validation metric', () => {
    withOptimizer(0.1, (optimizer) => {
      const callback = reduceLROnPlateau({ monitor: 'validationAccuracy', mode: 'max' });
      const context = { optimizer } as unknown as TrainingContext;
      const log: EpochLog = { epoch: 1, loss: 1, metrics: { accuracy: 0.5 }, accuracy: 0.5, learningRate: 0.1, seconds: 0, samplesPerSec: 0, steps: 1 };
      expect(() => callback.onEpochEnd?.(log, context)).toThrow(/metric "validationAccuracy" is not available/);
    });
  });

  it.each([
    [{ factor: 1 }, /factor must be > 0 and < 1, got 1/],
    [{ mode: 'up' as 'min' }, /mode must be one of "min", "max", got "up"/],
    [{ patience: -1 }, /patience must be an integer >= 0, got -1/],
    [{ thresholdMode: 'pct' as 'rel' }, /thresholdMode must be one of "rel", "abs"/],
    [{ monitor: 'f1' as 'loss' }, /monitor must be one of/],
  ])('rejects %j eagerly', (options, message) => {
    expect(() => reduceLROnPlateau(options)).toThrow(InvalidArgumentError);
    expect(() => reduceLROnPlateau(options)).toThrow(message);
  });

  it('loadState rejects a malformed state without changing anything', () => {
    const callback = reduceLROnPlateau();
    expect(() => callback.loadState(null as never)).toThrow(CheckpointError);
    expect(() => callback.loadState({ best: 1, numBadEpochs: -2, cooldownCounter: 0, lastEpoch: 0 })).toThrow(/state.numBadEpochs must be an integer >= 0, got -2/);
    expect(callback.state()).toEqual({ best: null, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 });
  });
});

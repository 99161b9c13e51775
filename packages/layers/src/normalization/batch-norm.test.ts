import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeMismatchError } from '@nnlab/core';
import { BatchNorm1d } from './batch-norm1d.js';
import { BatchNorm2d } from './batch-norm2d.js';
import { expectClose, TOLERANCE } from '../expect-close.test-helper.js';
import { cnnFixture } from '../cnn-fixture.test-helper.js';
import { useCpuBackend } from '../use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

// float32 against float64 PyTorch: rtol 1e-5, atol 1e-6 (the package's TOLERANCE).
const BN_TOLERANCE = TOLERANCE;

describe.each(cnnFixture.batchNorm)('BatchNorm matches PyTorch: $name', (c) => {
  it('three training steps (output, gradients, running statistics), then eval', () => {
    const { momentum, eps, affine, trackRunningStats } = c.options;
    const layer = new (c.dims === 1 ? BatchNorm1d : BatchNorm2d)(c.numFeatures, { momentum, eps, affine, trackRunningStats });
    if (affine) {
      const state = { weight: tf.tensor(c.weight!), bias: tf.tensor(c.bias!) };
      layer.loadStateDict(state, { strict: false });
      tf.dispose(Object.values(state));
    }
    const pass = (p: (typeof c.steps)[number], label: string): void => {
      const x = tf.tensor(p.x);
      const dy = tf.tensor(p.dy);
      // One forward per step, as in training: the running statistics move once.
      const forward = (): tf.Scalar => {
        const y = layer.forward(x);
        expectClose(y, p.y, BN_TOLERANCE, `${label} y`);
        return tf.sum(tf.mul(y, dy)) as tf.Scalar;
      };
      if (affine) {
        const { value, grads } = tf.variableGrads(forward, layer.parameters());
        // The eval pass has no parameter gradients in the fixture.
        if (p.dweight !== undefined) expectClose(grads[layer.weight!.name]!, p.dweight, BN_TOLERANCE, `${label} dweight`);
        if (p.dbias !== undefined) expectClose(grads[layer.bias!.name]!, p.dbias, BN_TOLERANCE, `${label} dbias`);
        tf.dispose([value, ...Object.values(grads)]);
      } else {
        tf.dispose(tf.tidy(forward));
      }
      // The input gradient from a second forward; undo its running-statistics update afterwards.
      const saved = layer.stateDict();
      const [dx] = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(layer.forward(input), dy)))([x]);
      expectClose(dx!, p.dx, BN_TOLERANCE, `${label} dx`);
      layer.loadStateDict(saved);
      tf.dispose([x, dy, dx!, ...Object.values(saved)]);
    };
    layer.train();
    c.steps.forEach((step, i) => pass(step, `step ${i + 1}`));
    if (trackRunningStats) {
      expectClose(layer.runningMean!, c.runningMean!, BN_TOLERANCE, 'running_mean');
      expectClose(layer.runningVar!, c.runningVar!, BN_TOLERANCE, 'running_var');
      expect(layer.numBatchesTracked!.dataSync()[0]).toBe(c.numBatchesTracked);
    } else {
      expect(layer.namedBuffers()).toEqual([]);
    }
    layer.eval();
    pass(c.eval, 'eval');
    layer.dispose();
  });
});

describe('BatchNorm1d and BatchNorm2d', () => {
  it("name their state like PyTorch's state_dict", () => {
    const norm = new BatchNorm2d(3);
    const state = norm.stateDict();
    expect(Object.keys(state)).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(state.num_batches_tracked!.dtype).toBe('int32');
    expect(norm.namedParameters().map(([name]) => name)).toEqual(['weight', 'bias']);
    tf.dispose(Object.values(state));
    const plain = new BatchNorm1d(4, { affine: false, trackRunningStats: false });
    expect(Object.keys(plain.stateDict())).toEqual([]);
    expect(plain.toString()).toBe('BatchNorm1d(4, eps=0.00001, momentum=0.1, affine=false, trackRunningStats=false)');
    norm.dispose();
  });

  it('uses the running statistics in eval mode and leaves them alone', () => {
    const norm = new BatchNorm1d(2).eval();
    const x = tf.tensor2d([[1, 2], [3, 6]]);
    const y = norm.forward(x);
    // running mean 0, var 1: y = x / sqrt(1 + eps)
    expectClose(y, [[1, 2], [3, 6]].map((row) => row.map((v) => v / Math.sqrt(1 + 1e-5))));
    expect(Array.from(norm.runningMean!.dataSync())).toEqual([0, 0]);
    expect(norm.numBatchesTracked!.dataSync()[0]).toBe(0);
    norm.train();
    tf.dispose(norm.forward(x));
    expect(norm.numBatchesTracked!.dataSync()[0]).toBe(1);
    expectClose(norm.runningMean!, [0.2, 0.4]);
    norm.resetRunningStats();
    expect(Array.from(norm.runningVar!.dataSync())).toEqual([1, 1]);
    tf.dispose([x, y]);
    norm.dispose();
  });

  it('keeps the running statistics as the same variables (optimizers and checkpoints hold them)', () => {
    const norm = new BatchNorm2d(2);
    const before = norm.runningMean;
    const x = tf.randomNormal([2, 3, 3, 2]);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(norm.forward(x));
    expect(tf.memory().numTensors).toBe(start);
    expect(norm.runningMean).toBe(before);
    tf.dispose(x);
    norm.dispose();
  });

  it.each([
    [() => new BatchNorm1d(0), /BatchNorm1d numFeatures must be an integer >= 1, got 0/],
    [() => new BatchNorm2d(3, { eps: 0 }), /BatchNorm2d eps must be a finite number > 0, got 0/],
    [() => new BatchNorm2d(3, { momentum: 1.5 }), /BatchNorm2d momentum must be a finite number >= 0 and <= 1, got 1\.5/],
    [() => new BatchNorm1d(3, { affine: 'yes' as never }), /BatchNorm1d affine must be true or false, got yes/],
  ])('validate their arguments eagerly (%#)', (build, message) => {
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });

  it.each([
    [() => new BatchNorm2d(3), [2, 4, 4, 5], /BatchNorm2d\(3\): input must be NHWC \[N, H, W, 3\], got \[2, 4, 4, 5\]/],
    [() => new BatchNorm2d(3), [2, 3, 4, 4], /this looks like NCHW/],
    [() => new BatchNorm1d(3), [2, 4], /BatchNorm1d\(3\): input must be \[N, 3\] or \[N, L, 3\], got \[2, 4\]/],
    [() => new BatchNorm1d(3), [1, 3], /BatchNorm1d\(3\): batch statistics need more than 1 value per feature, got input \[1, 3\]/],
  ])('reject bad inputs with a ShapeMismatchError (%#)', (build, shape, message) => {
    const norm = build();
    const x = tf.zeros(shape);
    expect(() => norm.forward(x)).toThrow(ShapeMismatchError);
    expect(() => norm.forward(x)).toThrow(message);
    x.dispose();
    norm.dispose();
  });
});

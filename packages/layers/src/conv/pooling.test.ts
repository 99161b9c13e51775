import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeMismatchError } from '@nnlab/core';
import { AvgPool2d } from './avg-pool2d.js';
import { MaxPool2d } from './max-pool2d.js';
import { expectClose, TOLERANCE } from '../expect-close.test-helper.js';
import { cnnFixture } from '../cnn-fixture.test-helper.js';
import { useCpuBackend } from '../use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

// Pooling only selects or averages a few values: PyTorch's float64 within rtol 1e-5, atol 1e-6.
describe.each(cnnFixture.pool)('$kind pooling matches PyTorch: $name', (c) => {
  it('forward and the input gradient of sum(y * dy)', () => {
    const options = { stride: c.stride, padding: c.padding };
    const layer = c.kind === 'max' ? new MaxPool2d(c.kernelSize, options) : new AvgPool2d(c.kernelSize, { ...options, countIncludePad: c.countIncludePad });
    const x = tf.tensor(c.x);
    const dy = tf.tensor(c.dy);
    const y = layer.forward(x);
    expectClose(y, c.y, TOLERANCE);
    const [dx] = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(layer.forward(input), dy)))([x]);
    expectClose(dx!, c.dx, TOLERANCE);
    tf.dispose([x, dy, y, dx!]);
  });
});

describe('MaxPool2d and AvgPool2d', () => {
  it('default the stride to the kernel size and have no parameters', () => {
    const pool = new MaxPool2d(2);
    expect(pool.stride).toEqual([2, 2]);
    expect(pool.numParameters()).toBe(0);
    expect(pool.toString()).toBe('MaxPool2d(kernelSize=2x2, stride=2x2, padding=0x0)');
    const x = tf.zeros([3, 10, 9, 4]);
    const y = pool.forward(x);
    expect(y.shape).toEqual([3, 5, 4, 4]);
    const y3 = new MaxPool2d(3, { stride: 1 }).forward(x);
    expect(y3.shape).toEqual([3, 8, 7, 4]);
    const avg = new AvgPool2d([2, 3]).forward(x);
    expect(avg.shape).toEqual([3, 5, 3, 4]);
    tf.dispose([x, y, y3, avg]);
  });

  it.each([
    [() => new MaxPool2d(0), /MaxPool2d kernelSize must be an integer >= 1, got 0/],
    [() => new MaxPool2d(2, { stride: 1.5 }), /MaxPool2d stride must be an integer >= 1, got 1\.5/],
    [() => new MaxPool2d(3, { padding: 2 }), /MaxPool2d: padding must be at most half the kernel size \(3x3\), got padding 2x2/],
    [() => new AvgPool2d(2, { padding: -1 }), /AvgPool2d padding must be an integer >= 0, got -1/],
  ])('validate their arguments eagerly (%#)', (build, message) => {
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });

  it('name themselves and the shapes when the input is too small or not NHWC', () => {
    const x = tf.zeros([1, 2, 5, 3]);
    expect(() => new MaxPool2d(3).forward(x)).toThrow(ShapeMismatchError);
    expect(() => new MaxPool2d(3).forward(x)).toThrow(/MaxPool2d\(kernelSize=3x3\): input \[1, 2, 5, 3\] is smaller than the 3x3 kernel/);
    expect(() => new AvgPool2d(2).forward(tf.zeros([4, 4]))).toThrow(/AvgPool2d\(kernelSize=2x2\): input must be an NHWC batch/);
    x.dispose();
  });
});

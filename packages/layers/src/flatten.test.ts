import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '@nnlab/core';
import { Flatten } from './flatten.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

describe('Flatten', () => {
  it('keeps the batch axis and flattens the rest', () => {
    const x = tf.reshape(tf.range(0, 24), [2, 3, 4]);
    const y = new Flatten().forward(x);
    expect(y.shape).toEqual([2, 12]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(new Flatten().forward(tf.zeros([0, 28, 28])).shape).toEqual([0, 784]);
    expect(() => new Flatten().forward(tf.zeros([3]))).toThrow(ShapeMismatchError);
  });
});

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectShape, expectTensorClose } from './expect-tensor-close.js';

describe('expectTensorClose', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('accepts values within atol + rtol * |expected|, from tensors and arrays', () => {
    const actual = tf.tensor2d([[1, 2], [3, 4.0003]]);
    expectTensorClose(actual, tf.tensor2d([[1, 2], [3, 4]]), { rtol: 1e-4, atol: 0 });
    expectTensorClose(actual, [1, 2, 3, 4], { rtol: 0, atol: 1e-3 });
    expectTensorClose(actual, new Float32Array([1, 2, 3, 4]), { atol: 1e-3 });
  });

  it('fails naming the worst element, its index, the max difference and the shape', () => {
    const actual = tf.tensor2d([[1, 2, 3], [4, 5, 6.5]]);
    expect(() => expectTensorClose(actual, [1, 2, 3.01, 4, 5, 6], { message: 'case x' })).toThrow(
      /case x: 2 of 6 elements differ .* max \|actual - expected\| = 0\.5; worst at \[1,2\] \(flat 5\): actual 6\.5, expected 6, .*shape \[2,3\]/,
    );
  });

  it('uses float32 defaults (rtol 1e-4, atol 1e-5)', () => {
    expectTensorClose(tf.tensor1d([100.009]), [100]);
    expect(() => expectTensorClose(tf.tensor1d([100.02]), [100])).toThrow(/differ/);
  });

  it('fails on shape mismatch even when the values agree', () => {
    expect(() => expectTensorClose(tf.tensor2d([[1, 2, 3, 4]]), tf.tensor2d([[1, 2], [3, 4]]))).toThrow(
      /shape mismatch: actual \[1,4\].*expected \[2,2\]/,
    );
    expect(() => expectTensorClose(tf.tensor1d([1, 2]), [1, 2, 3])).toThrow(/shape mismatch/);
  });

  it('matches NaN only with NaN and infinities only with the same infinity', () => {
    expectTensorClose(tf.tensor1d([NaN, Infinity, -Infinity]), [NaN, Infinity, -Infinity]);
    expect(() => expectTensorClose(tf.tensor1d([NaN]), [0])).toThrow(/actual NaN, expected 0/);
    expect(() => expectTensorClose(tf.tensor1d([1]), [NaN])).toThrow(/differ/);
    expect(() => expectTensorClose(tf.tensor1d([Infinity]), [-Infinity])).toThrow(/differ/);
  });

  it('rejects negative tolerances', () => {
    expect(() => expectTensorClose(tf.tensor1d([1]), [1], { rtol: -1 })).toThrow(/rtol and atol must be >= 0/);
  });
});

describe('expectShape', () => {
  it('passes on the exact shape and fails otherwise', () => {
    expectShape(tf.zeros([2, 3]), [2, 3]);
    expect(() => expectShape(tf.zeros([2, 3]), [3, 2], 'logits')).toThrow('logits: expected shape [3,2], got [2,3]');
  });
});

import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericalGradients } from './numerical-gradients.js';

describe('numericalGradients', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches known derivatives: d/dx sum(x^3) = 3x^2, d/dy sum(x*y) = x', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const y = tf.tensor1d([3, 1, -2]);
    const [dx, dy] = numericalGradients((a, b) => tf.add(tf.pow(a!, 3), tf.mul(a!, b!)), [x, y], { epsilon: 1e-2 });
    // 3x^2 + y, plus the epsilon^2 truncation term of the central difference (1e-4).
    expect(Array.from(dx!)).toEqual([0.75 + 3, 3 + 1, 12 - 2].map((v) => expect.closeTo(v, 2)));
    expect(Array.from(dy!)).toEqual([0.5, -1, 2].map((v) => expect.closeTo(v, 3)));
    tf.dispose([x, y]);
  });

  it('leaves no tensors behind and does not modify its inputs', () => {
    const x = tf.tensor1d([1, 2]);
    const before = tf.memory().numTensors;
    numericalGradients((a) => tf.square(a!), [x]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(x.dataSync())).toEqual([1, 2]);
    x.dispose();
  });

  it('rejects a non-positive epsilon', () => {
    expect(() => numericalGradients((a) => a!, [], { epsilon: 0 })).toThrow(InvalidArgumentError);
  });
});

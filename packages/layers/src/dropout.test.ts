import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { Dropout } from './dropout.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1 / (1 - p) in training', () => {
    const p = 0.3;
    const dropout = new Dropout({ p, rng: new Rng(1) });
    const x = tf.ones([200, 100]);
    const values = dropout.forward(x).dataSync();
    const kept = values.filter((v) => v !== 0);
    // 20,000 Bernoulli(0.7) draws: std of the kept fraction is ~0.0032, so 0.015 is > 4 sigma.
    expect(Math.abs(kept.length / values.length - (1 - p))).toBeLessThan(0.015);
    expect(kept.every((v) => Math.abs(v - 1 / (1 - p)) < 1e-6)).toBe(true);
    x.dispose();
  });

  it('is reproducible from the seed and draws a new mask each call', () => {
    const x = tf.ones([10, 10]);
    const a = new Dropout({ rng: new Rng(5) });
    const b = new Dropout({ rng: new Rng(5) });
    const first = Array.from(a.forward(x).dataSync());
    expect(Array.from(b.forward(x).dataSync())).toEqual(first);
    expect(Array.from(a.forward(x).dataSync())).not.toEqual(first);
    x.dispose();
  });

  it('is the identity in eval mode and with p = 0', () => {
    const x = tf.ones([4, 4]);
    expect(new Dropout({ rng: new Rng(0) }).eval().forward(x)).toBe(x);
    expect(new Dropout({ p: 0, rng: new Rng(0) }).forward(x)).toBe(x);
    x.dispose();
  });

  it('passes gradients only through kept elements, scaled', () => {
    const dropout = new Dropout({ p: 0.5, rng: new Rng(2) });
    const x = tf.ones([8, 8]);
    const [dx] = tf.grads((input: tf.Tensor) => tf.sum(dropout.forward(input)))([x]);
    for (const v of dx!.dataSync()) expect([0, 2]).toContain(v);
    tf.dispose([x, dx!]);
  });

  it('validates p and rng', () => {
    const rng = new Rng(0);
    expect(() => new Dropout({ p: 1, rng })).toThrow(InvalidArgumentError);
    expect(() => new Dropout({ p: 1, rng })).toThrow(/p must be in \[0, 1\), got 1/);
    expect(() => new Dropout({ p: -0.1, rng })).toThrow(/p must be/);
    expect(() => new Dropout({ p: 0.5 } as never)).toThrow(/rng/);
  });
});

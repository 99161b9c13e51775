import { registerGradients } from '@nnlab/autodiff';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkConformanceCase, checkTrainingLoopCase } from './check-conformance-case.js';
import type { ConformanceCase } from './conformance-cases.js';

const onCpu = { reference: 'cpu', tested: 'cpu' };
const tolerance = { tolerance: { rtol: 1e-4, atol: 1e-5 } };
const input = { shape: [3], dtype: 'float32' as const, values: [0.5, -1, 2] };

describe('checkConformanceCase', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('passes a correct case: outputs, gradients and finite differences agree, nothing leaks', async () => {
    const square: ConformanceCase = { name: 'square', inputs: [input], run: (x) => tf.square(x as tf.Tensor), gradients: [0] };
    await expect(checkConformanceCase(square, onCpu, tolerance)).resolves.toBeUndefined();
  });

  it("rejects a gradient that disagrees with finite differences, naming the case and the gradient", async () => {
    // d/dx x^2 is 2x; this custom gradient says 3x.
    const wrong = tf.customGrad((x: tf.Tensor, save: (ts: tf.Tensor[]) => void) => {
      save([x]);
      return { value: tf.square(x), gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(saved as tf.Tensor, 3)) };
    }) as (x: tf.Tensor) => tf.Tensor;
    const badGradient: ConformanceCase = { name: 'bad square gradient', inputs: [input], run: (x) => wrong(x as tf.Tensor), gradients: [0] };
    await expect(checkConformanceCase(badGradient, onCpu, tolerance)).rejects.toThrow(/bad square gradient: gradient 0 vs finite differences/);
    // Without finite differences the same backend on both sides agrees with itself.
    await expect(checkConformanceCase(badGradient, onCpu, { ...tolerance, finiteDifferences: false })).resolves.toBeUndefined();
  });

  it("rejects when the case's own check fails", async () => {
    const checked: ConformanceCase = {
      name: 'checked',
      inputs: [input],
      run: (x) => tf.relu(x as tf.Tensor),
      check: ([out]) => {
        if ((out as tf.Tensor).dataSync()[1] !== 1) throw new Error('relu(-1) should be 1 in this made-up check');
      },
    };
    await expect(checkConformanceCase(checked, onCpu, tolerance)).rejects.toThrow(/made-up check/);
  });

  it('runs the training-loop case on a backend', async () => {
    await expect(checkTrainingLoopCase('cpu')).resolves.toBeUndefined();
  });
});

import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { nativeKernelStats, resetNativeKernelStats } from './kernels/kernel-support.js';
import { nativeBackend } from './native-backend.js';
import { describeNative } from './native-available.test-helper.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).

const STEPS = 25;

/** A small CNN (conv-relu-maxpool-conv-relu-avgpool-dense) trained with SGD on fixed random data; returns the losses. */
function train(backend: string): { losses: number[]; tensorsAfterStep3: number; tensorsAtEnd: number; buffersAfterStep3: number; buffersAtEnd: number } {
  tf.setBackend(backend);
  const rng = new Rng(5);
  const tensor = (shape: number[], scale: number): tf.Tensor => tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1), 0, scale), shape);
  const x = tensor([16, 12, 12, 1], 1) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, () => rng.int(4)), 'int32'), 4);
  const params = [
    tf.variable(tensor([3, 3, 1, 8], 0.4)), tf.variable(tf.zeros([8])),
    tf.variable(tensor([3, 3, 8, 8], 0.2)), tf.variable(tf.zeros([8])),
    tf.variable(tensor([2 * 2 * 8, 4], 0.3)), tf.variable(tf.zeros([4])),
  ];
  const [w1, b1, w2, b2, w3, b3] = params as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const losses: number[] = [];
  let tensorsAfterStep3 = 0;
  let buffersAfterStep3 = 0;
  for (let step = 0; step < STEPS; step++) {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        // Linear fused conv + bias, as nnlab's Conv2d layer does (tfjs unfuses non-linear activations under gradients).
        let h: tf.Tensor4D = tf.relu(tf.fused.conv2d({ x, filter: w1 as tf.Tensor4D, strides: 1, pad: 'same', bias: b1 }));
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.relu(tf.add(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'valid'), b2)) as tf.Tensor4D;
        h = tf.avgPool(h, 2, 2, 'valid');
        const logits = tf.fused.matMul({ a: tf.reshape(h, [16, -1]) as tf.Tensor2D, b: w3 as tf.Tensor2D, bias: b3 });
        return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      }, params);
      for (const p of params) p.assign(tf.sub(p, tf.mul(grads[p.name] as tf.Tensor, 0.1)));
      return value;
    });
    losses.push(loss.dataSync()[0] as number);
    loss.dispose();
    if (step === 2) {
      tensorsAfterStep3 = tf.memory().numTensors;
      buffersAfterStep3 = tf.memory().numDataBuffers;
    }
  }
  const tensorsAtEnd = tf.memory().numTensors;
  const buffersAtEnd = tf.memory().numDataBuffers;
  tf.dispose([x, labels, ...params]);
  return { losses, tensorsAfterStep3, tensorsAtEnd, buffersAfterStep3, buffersAtEnd };
}

describeNative('training on the native backend (needs libdnnl)', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
    await nativeBackend.activate({ threads: 2 });
  });

  it('trains a small CNN like the cpu backend, natively, with numTensors flat', () => {
    const reference = train('cpu');
    resetNativeKernelStats();
    const native = train('native');
    const stats = nativeKernelStats();
    for (const kernel of [tf.FusedConv2D, tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter, tf.MaxPool, tf.MaxPoolGrad, tf.AvgPool, tf.AvgPoolGrad, tf._FusedMatMul, tf.BatchMatMul]) {
      expect(stats[kernel]?.native ?? 0, `${kernel} ran natively`).toBeGreaterThan(0);
      expect(stats[kernel]?.fallback ?? 0, `${kernel} never fell back`).toBe(0);
    }
    expect(native.tensorsAtEnd, 'numTensors after the last step vs after step 3').toBe(native.tensorsAfterStep3);
    expect(native.buffersAtEnd, 'numDataBuffers after the last step vs after step 3').toBe(native.buffersAfterStep3);
    expect(native.losses[STEPS - 1] as number).toBeLessThan((native.losses[0] as number) * 0.8);
    native.losses.forEach((loss, step) => expect(Math.abs(loss - (reference.losses[step] as number)), `loss at step ${step}`).toBeLessThan(1e-3));
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [2, 6, 6, 3] } as const;
const inputs = (): { dy: tf.Tensor; filter: tf.Tensor } => ({
  dy: tf.randomUniform([2, 4, 4, 5], -1, 1, 'float32', 1),
  filter: tf.randomUniform([3, 3, 3, 5], -1, 1, 'float32', 2),
});

describe('deferred Conv2DBackpropInput on wasm', () => {
  let convolutions = 0;
  let conv2D: tf.KernelConfig | undefined;
  beforeAll(async () => {
    await wasmBackend.activate();
    // Count the forward convolutions the input gradient runs as.
    conv2D = tf.getKernel(tf.Conv2D, 'wasm');
    const stock = conv2D as tf.KernelConfig;
    tf.unregisterKernel(tf.Conv2D, 'wasm');
    tf.registerKernel({ ...stock, kernelFunc: (args) => ((convolutions += 1), stock.kernelFunc(args)) });
  });
  afterAll(() => {
    tf.unregisterKernel(tf.Conv2D, 'wasm');
    tf.registerKernel(conv2D as tf.KernelConfig);
  });

  it('is never computed when disposed unread, and releases what it kept', async () => {
    await wasmBackend.activate();
    const backend = tf.backend();
    const { dy, filter } = inputs();
    const before = backend.numDataIds();
    const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs }) as tf.Tensor;
    tf.dispose([dy, filter]); // the pending gradient keeps their buffers
    expect(backend.numDataIds()).toBe(before + 1);
    dx.dispose();
    expect(backend.numDataIds()).toBe(before - 2);
    expect(convolutions).toBe(0);
  });

  it('is computed on first read, also after its inputs were disposed, with the cpu values', async () => {
    await cpuBackend.activate();
    const expected = tf.tidy(() => {
      const { dy, filter } = inputs();
      return Array.from((tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs }) as tf.Tensor).dataSync());
    });
    await wasmBackend.activate();
    const { dy, filter } = inputs();
    const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs }) as tf.Tensor;
    tf.dispose([dy, filter]);
    const doubled = tf.mul(dx, 2); // another kernel reading it triggers the computation
    expect(convolutions).toBe(1);
    const values = Array.from(await dx.data());
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 4));
    expect(Array.from(await doubled.data())).toEqual(values.map((v) => Math.fround(v * 2)));
    tf.dispose([dx, doubled]);
  });
});

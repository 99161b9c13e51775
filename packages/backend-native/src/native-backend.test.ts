import { gradientKernelNames } from '@nnlab/autodiff';
import { FUSED_KERNELS, InvalidArgumentError } from '@nnlab/core';
import { expectAllFiniteKernel, expectTensorClose } from '@nnlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { isNativeStorage } from './native-backend-class.js';
import { nativeBackend } from './native-backend.js';
import { NATIVE_KERNELS } from './register-native-kernels.js';
import { describeNative } from './native-available.test-helper.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
// Order matters for the first test: it must run before anything activates the backend.
describeNative('nativeBackend (needs libdnnl)', () => {
  it('registers nothing on import', () => {
    expect(tf.findBackendFactory('native')).toBeNull();
    expect(tf.getKernel(tf.BatchMatMul, 'native')).toBeUndefined();
  });

  it('is available here and says what it is', async () => {
    await expect(nativeBackend.probe()).resolves.toEqual({ available: true });
    expect(nativeBackend).toMatchObject({ name: 'native', kind: 'native', environments: ['node'] });
  });

  it('activates, reports threads, oneDNN version and ISA, and the kernels it replaced', async () => {
    const info = await nativeBackend.activate({ threads: 2 });
    expect(tf.getBackend()).toBe('native');
    expect(info).toMatchObject({ name: 'native', kind: 'native', tfjsBackend: 'native', threads: 2, simd: true });
    expect(info.versions).toMatchObject({ 'tfjs-core': '4.22.0', 'tfjs-backend-cpu': '4.22.0' });
    expect(info.versions.oneDNN).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.device).toMatch(/oneDNN (sse41|avx|avx2|avx512\w*)/);
    const required = [
      tf.BatchMatMul, tf._FusedMatMul, tf.Conv2D, tf.FusedConv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter,
      tf.MaxPool, tf.MaxPoolGrad, tf.AvgPool, tf.AvgPoolGrad, tf.Relu, tf.Multiply, tf.Add, tf.Sub, tf.Sum, tf.Mean,
    ];
    expect(info.kernels?.replaced).toEqual(expect.arrayContaining(required));
    expect(info.kernels?.added).toEqual([
      FUSED_KERNELS.adam,
      FUSED_KERNELS.adagrad,
      FUSED_KERNELS.batchNormTrain,
      FUSED_KERNELS.batchNormTrainGrad,
      FUSED_KERNELS.reluGrad,
      FUSED_KERNELS.softmaxCrossEntropy,
      FUSED_KERNELS.softmaxCrossEntropyGrad,
      FUSED_KERNELS.allFinite,
      FUSED_KERNELS.selectIf,
    ]);
    expect((info.kernels?.replaced.length ?? 0) + (info.kernels?.added.length ?? 0)).toBe(NATIVE_KERNELS.length + 2);
    // Every cpu kernel exists for native too.
    for (const config of tf.getKernelsForBackend('cpu')) expect(tf.getKernel(config.kernelName, 'native'), config.kernelName).toBeDefined();
    for (const name of gradientKernelNames) expect(tf.getGradient(name), name).toBeDefined();
  });

  it('can be activated again with another thread count', async () => {
    const info = await nativeBackend.activate({ threads: 1 });
    expect(info.threads).toBe(1);
    expect(tf.getBackend()).toBe('native');
  });

  it('deterministic: true fixes the thread count of large ops, and refuses adaptiveThreads: true', async () => {
    const fixed = await nativeBackend.activate({ threads: 2, deterministic: true });
    expect(fixed.notes?.[0]).toMatch(/^up to 2 threads per op \(small ops run on one; large GEMMs\/convolutions always use 2, so a seed repeats bit for bit\)/);
    const adaptive = await nativeBackend.activate({ threads: 2 });
    expect(adaptive.notes?.[0]).toMatch(/times 1 against 2 threads and keeps the faster\)/);
    await expect(nativeBackend.activate({ deterministic: true, adaptiveThreads: true })).rejects.toThrow(/adaptiveThreads: true .* cannot go with deterministic: true/);
    await expect(nativeBackend.activate({ deterministic: 'yes' as unknown as boolean })).rejects.toThrow(/options.deterministic must be true or false/);
  });

  it('NnlabAllFinite finds one NaN or infinity at any position of any input; huge finite values and int32 inputs pass', async () => {
    await nativeBackend.activate();
    expectAllFiniteKernel();
  });

  it('rejects invalid options eagerly', async () => {
    await expect(nativeBackend.activate({ threads: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(nativeBackend.activate({ threads: 1.5 })).rejects.toThrow(/options.threads/);
    await expect(nativeBackend.activate({ timeoutMs: -1 })).rejects.toThrow(/options.timeoutMs/);
  });
});

describeNative('output buffer recycling (needs libdnnl)', () => {
  const big = [80, 80]; // above the pool's minimum size
  const stats = (): { takes: number; reuses: number } => {
    const backend = tf.backend();
    if (!isNativeStorage(backend)) throw new Error('native backend not active');
    return backend.poolStats;
  };

  it('reuses the buffers of disposed intermediate results', async () => {
    await nativeBackend.activate();
    const x = tf.ones(big);
    // Two pooled buffers per step: the product and the relu.
    const step = (): void => tf.tidy(() => void tf.sum(tf.relu(tf.matMul(x, x))));
    for (let i = 0; i < 3; i++) step();
    const before = stats();
    for (let i = 0; i < 5; i++) step();
    const after = stats();
    expect(after.takes - before.takes).toBe(10);
    expect(after.reuses - before.reuses).toBe(10);
    x.dispose();
  });

  it('never recycles a buffer the user has read', async () => {
    await nativeBackend.activate();
    const x = tf.ones(big);
    const y = tf.mul(x, 3);
    const values = y.dataSync();
    y.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => void tf.mul(x, 7));
    expect(values.every((v) => v === 3)).toBe(true);
    x.dispose();
  });

  it('never recycles a buffer a JavaScript kernel may alias (slice views)', async () => {
    await nativeBackend.activate();
    const x = tf.ones(big);
    const y = tf.mul(x, 3);
    const view = tf.slice(y, [10, 0], [20, 80]); // the cpu Slice kernel returns a subarray of y's buffer
    y.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => void tf.mul(x, 7));
    expect(Array.from(view.dataSync()).every((v) => v === 3)).toBe(true);
    tf.dispose([x, view]);
  });

  it('keeps data shared through reshape alive until its last tensor goes', async () => {
    await nativeBackend.activate();
    const x = tf.ones(big);
    const y = tf.mul(x, 3);
    const flat = tf.reshape(y, [6400]);
    y.dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => void tf.mul(x, 7));
    expect(Array.from(flat.dataSync()).every((v) => v === 3)).toBe(true);
    tf.dispose([x, flat]);
  });
});

describeNative('outputs computed on first read (needs libdnnl)', () => {
  const counters = (): { deferred: number; computed: number } => {
    const backend = tf.backend();
    if (!isNativeStorage(backend)) throw new Error('native backend not active');
    return backend.deferredStats;
  };

  it('never computes the input gradient of a fused conv over the data batch', async () => {
    await nativeBackend.activate();
    const x = tf.randomUniform([4, 10, 10, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const filter = tf.variable(tf.randomUniform([3, 3, 1, 4], -1, 1, 'float32', 2));
    const bias = tf.variable(tf.zeros([4]));
    const before = counters();
    const dataIds = tf.engine().backend.numDataIds();
    const tensors = tf.memory().numTensors;
    const buffers = tf.memory().numDataBuffers;
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.fused.conv2d({ x, filter: filter as tf.Tensor4D, strides: 1, pad: 'same', bias }))));
      expect(grads[filter.name]?.shape).toEqual([3, 3, 1, 4]);
    });
    const after = counters();
    expect(after.deferred - before.deferred, 'Conv2DBackpropInput outputs deferred').toBe(1);
    expect(after.computed - before.computed, 'deferred outputs computed').toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds(), 'the inputs it held were let go').toBe(dataIds);
    expect(tf.memory().numDataBuffers, "and the engine's entries for them").toBe(buffers);
    tf.dispose([x, filter, bias]);
  });

  it('computes it from the filter as it was, even if a tf.Variable filter is assigned meanwhile', async () => {
    const dyValues = Array.from({ length: 2 * 6 * 6 * 2 }, (_, i) => Math.sin(i));
    const filterValues = Array.from({ length: 3 * 3 * 3 * 2 }, (_, i) => Math.cos(i));
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 6, 6, 3] } as unknown as tf.NamedAttrMap;
    const backprop = (dy: tf.Tensor, filter: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs) as tf.Tensor;
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => backprop(tf.tensor4d(dyValues, [2, 6, 6, 2]), tf.tensor4d(filterValues, [3, 3, 3, 2])).dataSync());
    await nativeBackend.activate();
    const dy = tf.tensor4d(dyValues, [2, 6, 6, 2]);
    const initial = tf.tensor4d(filterValues, [3, 3, 3, 2]);
    const filter = tf.variable(initial); // shares initial's data until assigned
    initial.dispose();
    const zeros = tf.zeros([3, 3, 3, 2]) as tf.Tensor4D;
    const dataIds = tf.engine().backend.numDataIds();
    const dx = backprop(dy, filter);
    filter.assign(zeros);
    const values = dx.dataSync();
    dx.dispose();
    expect(tf.engine().backend.numDataIds(), 'the old filter data is freed once dx no longer needs it').toBe(dataIds - 1);
    expectTensorClose(tf.tensor(values), expected, { rtol: 1e-5, atol: 1e-5 });
    tf.dispose([dy, filter, zeros]);
  });

  it('computes it when the gradient of the input is asked for', async () => {
    await nativeBackend.activate();
    const x = tf.randomUniform([2, 6, 6, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const filter = tf.randomUniform([3, 3, 3, 2], -1, 1, 'float32', 4) as tf.Tensor4D;
    const before = counters();
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.conv2d(input as tf.Tensor4D, filter, 1, 'same')))(x);
    expect(counters().computed - before.computed).toBe(0);
    const values = dx.dataSync();
    expect(counters().computed - before.computed).toBe(1);
    expect(values.some((v) => v !== 0)).toBe(true);
    tf.dispose([x, filter, dx]);
  });
});

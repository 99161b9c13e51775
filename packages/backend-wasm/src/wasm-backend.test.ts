import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { InvalidArgumentError } from '@nnlab/core';
import { expectAllFiniteKernel } from '@nnlab/testing';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './wasm-backend.js';

/**
 * The MLP training flow nnlab uses (variableGrads over Linear/ReLU/Linear,
 * softmax cross-entropy, Adam written with elementwise ops), on XOR from
 * fixed seeds; returns the loss every 25 steps and checks it leaks nothing.
 */
async function trainXor(backend: { activate(): Promise<unknown> }): Promise<number[]> {
  await backend.activate();
  const before = tf.memory().numTensors;
  const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2));
  // tidy disposes the initial values; variables survive it.
  const params = tf.tidy(() => [
    tf.variable(tf.randomNormal([2, 16], 0, 1, 'float32', 1)),
    tf.variable(tf.zeros([16])),
    tf.variable(tf.randomNormal([16, 2], 0, 0.5, 'float32', 2)),
    tf.variable(tf.zeros([2])),
  ] as const);
  const [w1, b1, w2, b2] = params;
  const m: tf.Tensor[] = params.map((p) => tf.zerosLike(p));
  const v: tf.Tensor[] = params.map((p) => tf.zerosLike(p));
  const loss = (): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2)) as tf.Scalar;
  const losses: number[] = [];
  for (let step = 1; step <= 150; step++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, [...params]);
      if (step % 25 === 1) losses.push(value.dataSync()[0] as number);
      params.forEach((p, i) => {
        const g = grads[p.name] as tf.Tensor;
        const mi = tf.add(tf.mul(m[i] as tf.Tensor, 0.9), tf.mul(g, 0.1));
        const vi = tf.add(tf.mul(v[i] as tf.Tensor, 0.999), tf.mul(tf.square(g), 0.001));
        const update = tf.div(tf.div(mi, 1 - 0.9 ** step), tf.add(tf.sqrt(tf.div(vi, 1 - 0.999 ** step)), 1e-8));
        p.assign(tf.sub(p, tf.mul(update, 0.05)));
        tf.dispose([m[i] as tf.Tensor, v[i] as tf.Tensor]);
        m[i] = tf.keep(mi);
        v[i] = tf.keep(vi);
      });
    });
  }
  tf.dispose([x, y, ...params, ...m, ...v]);
  expect(tf.memory().numTensors).toBe(before);
  return losses;
}

describe('wasmBackend', () => {
  it('describes itself', () => {
    expect(wasmBackend.name).toBe('wasm');
    expect(wasmBackend.kind).toBe('wasm');
    expect(wasmBackend.environments).toEqual(['node', 'browser']);
  });

  it('probes available in Node (the .wasm files are found from this package)', async () => {
    const probe = await wasmBackend.probe();
    expect(probe.available).toBe(true);
  });

  it('activates, selects tfjs wasm and reports what it got', async () => {
    const info = await wasmBackend.activate();
    expect(info.name).toBe('wasm');
    expect(info.kind).toBe('wasm');
    expect(info.tfjsBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // Node 20 has wasm SIMD; tfjs wasm disables threads under Node.
    expect(info.simd).toBe(true);
    expect(info.threads).toBe(1);
    expect(info.notes?.some((note) => note.includes('single-threaded'))).toBe(true);
    expect(info.versions).toEqual({ 'tfjs-core': '4.22.0', 'tfjs-backend-wasm': '4.22.0' });
    expect(info.kernels?.replaced).toEqual([
      'MaxPoolGrad', 'OneHot', 'BatchMatMul', '_FusedMatMul', 'Conv2DBackpropInput', 'Select', 'Sum', 'Mean',
      'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'Identity', 'Transpose', 'Cast',
      'ClipByValue', 'MaxPool', 'AvgPool', 'Slice', 'Bincount', 'Tile', 'SparseToDense', 'Maximum', 'Minimum', 'Conv2D', 'FusedConv2D',
    ]);
    expect([...(info.kernels?.added ?? [])].sort()).toEqual([
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'NnlabAllFinite',
      'NnlabFusedAdagrad',
      'NnlabFusedAdam',
      'NnlabSelectIf',
      'UnsortedSegmentSum',
    ]);
    for (const name of info.kernels?.added ?? []) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    // No op of the bench's CNNs (MaxPoolGrad among them) is computed in JavaScript where wasm SIMD compiles.
    expect(info.kernels?.fallback).toEqual(['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum', 'ClipByValue', 'Maximum', 'Minimum']);
  });

  it('activates again idempotently and computes on wasm', async () => {
    const before = tf.memory().numTensors;
    const info = await wasmBackend.activate({ simd: false });
    expect(info.simd).toBe(true);
    expect(info.notes?.some((note) => note.includes('already initialised'))).toBe(true);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(Array.from(await y.data())).toEqual([11]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains a Linear/ReLU/Linear net with softmax cross-entropy and Adam like the cpu backend', async () => {
    const cpuLosses = await trainXor(cpuBackend);
    const wasmLosses = await trainXor(wasmBackend);
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmLosses.at(-1)).toBeLessThan((wasmLosses[0] as number) / 4);
    wasmLosses.forEach((loss, i) => expect(loss).toBeCloseTo(cpuLosses[i] as number, 3));
  });

  it('NnlabAllFinite finds one NaN or infinity at any position of any input; huge finite values and int32 inputs pass', async () => {
    await wasmBackend.activate();
    expectAllFiniteKernel();
  });

  it('rejects bad options with InvalidArgumentError', async () => {
    await expect(wasmBackend.activate({ timeoutMs: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wasmBackend.activate({ threads: 1.5 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wasmBackend.activate({ wasmPaths: { 'tfjs-backend-wasm.wasm': 'a' } as never })).rejects.toThrow(
      /tfjs-backend-wasm-simd\.wasm/,
    );
  });
});

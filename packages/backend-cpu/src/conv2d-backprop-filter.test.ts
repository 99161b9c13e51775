import { Rng } from '@nnlab/core';
import { expectTensorClose } from '@nnlab/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { fastConv2DBackpropFilter } from './conv2d-backprop-filter.js';

type Pad = tf.Conv2DBackpropFilterAttrs['pad'];
interface Case {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly strides: number | [number, number];
  readonly pad: Pad;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dataFormat?: 'NHWC' | 'NCHW';
}

// Both kernels sum in float64; they differ only in summation order.
const TOLERANCE = { rtol: 1e-5, atol: 1e-5 };

const CASES: Case[] = [
  { name: '3x3 stride 1 valid', x: [2, 5, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { name: '3x3 stride 1 same', x: [2, 5, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: '3x2 stride 2 same, odd sizes', x: [1, 7, 6, 2], filter: [3, 2, 2, 3], strides: 2, pad: 'same' },
  { name: '2x3 strides [2,3] valid', x: [2, 6, 7, 2], filter: [2, 3, 2, 2], strides: [2, 3], pad: 'valid' },
  { name: 'explicit asymmetric padding', x: [1, 5, 5, 2], filter: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: '1x1 filter', x: [3, 4, 4, 1], filter: [1, 1, 1, 5], strides: 1, pad: 'valid' },
  { name: '5x5 stride 3 same', x: [1, 8, 8, 4], filter: [5, 5, 4, 2], strides: 3, pad: 'same' },
  { name: 'numeric pad with ceil rounding', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, dimRoundingMode: 'ceil' },
  { name: 'NCHW falls back to the stock kernel', x: [2, 3, 5, 5], filter: [3, 3, 3, 2], strides: 1, pad: 'same', dataFormat: 'NCHW' },
];

describe('fastConv2DBackpropFilter matches the stock cpu kernel', () => {
  let stock: tf.KernelFunc;
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    stock = tf.getKernel(tf.Conv2DBackpropFilter, 'cpu').kernelFunc;
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const fast = fastConv2DBackpropFilter(stock);
    const rng = new Rng(99);
    const dataFormat = c.dataFormat ?? 'NHWC';
    const info = tf.backend_util.computeConv2DInfo(
      c.x, c.filter, c.strides, 1, c.pad, c.dimRoundingMode, false, dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
    );
    const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(rng.uniformArray(size(c.x), -1, 1), c.x);
    const dy = tf.tensor(rng.uniformArray(size(info.outShape), -1, 1), info.outShape);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat, dimRoundingMode: c.dimRoundingMode, filterShape: c.filter };
    const run = (kernel: tf.KernelFunc): tf.Tensor => {
      const out = kernel({ inputs: { x, dy }, backend: tf.backend(), attrs: attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
      return tf.engine().makeTensorFromTensorInfo(out);
    };
    const expected = run(stock);
    const actual = run(fast);
    expectTensorClose(actual, expected, { ...TOLERANCE, message: c.name });
    tf.dispose([x, dy, expected, actual]);
  });
});

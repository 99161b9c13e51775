import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

type Shape4 = [number, number, number, number];
type Strides = number | [number, number];

/** The kernel on `backend`, read back as plain numbers (inputs are seeded, so both backends see the same). */
async function runOn(backend: typeof cpuBackend, compute: () => tf.Tensor): Promise<{ shape: number[]; values: number[] }> {
  await backend.activate();
  const out = tf.tidy(compute);
  const values = Array.from(await out.data());
  out.dispose();
  return { shape: out.shape, values };
}

async function expectSameAsCpu(compute: () => tf.Tensor): Promise<void> {
  const reference = await runOn(cpuBackend, compute);
  const actual = await runOn(wasmBackend, compute);
  expect(tf.getBackend()).toBe('wasm');
  expect(actual.shape).toEqual(reference.shape);
  actual.values.forEach((value, i) => expect(value).toBeCloseTo(reference.values[i] as number, 4));
}

const uniform = (shape: number[], seed: number): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', seed);

// Valid and same padding, strides 1..3, uneven strides, filters as large as the input:
// the cases where the padded window of the transposed convolution differs.
const CONVOLUTIONS: Array<[Shape4, [number, number], number, Strides, 'valid' | 'same']> = [
  [[2, 7, 6, 3], [3, 2], 4, 1, 'valid'],
  [[2, 7, 6, 3], [3, 2], 4, 2, 'valid'],
  [[2, 7, 6, 3], [3, 3], 4, 2, 'same'],
  [[1, 8, 8, 2], [4, 4], 3, 3, 'same'],
  [[1, 9, 9, 2], [2, 2], 3, 3, 'valid'],
  [[2, 5, 5, 1], [5, 5], 2, 1, 'same'],
  [[1, 6, 7, 2], [3, 2], 2, [2, 1], 'same'],
];

describe('kernels added to wasm agree with the cpu backend', () => {
  for (const [xShape, [fh, fw], outChannels, strides, pad] of CONVOLUTIONS) {
    const label = `x ${xShape.join('x')}, filter ${fh}x${fw}, strides ${String(strides)}, ${pad}`;
    const filterShape: Shape4 = [fh, fw, xShape[3], outChannels];
    const depthwiseShape: Shape4 = [fh, fw, xShape[3], 2];

    it(`Conv2DBackpropFilter (${label})`, async () => {
      const dyShape = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad).outShape;
      await expectSameAsCpu(() =>
        tf.engine().runKernel(
          tf.Conv2DBackpropFilter,
          { x: uniform(xShape, 1), dy: uniform(dyShape, 2) },
          { strides, pad, dataFormat: 'NHWC', filterShape },
        ) as tf.Tensor,
      );
    });

    // Stride 1 runs as a forward XNNPACK convolution; larger strides keep the stock kernel.
    it(`Conv2DBackpropInput (${label})`, async () => {
      const dyShape = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad).outShape;
      await expectSameAsCpu(() =>
        tf.engine().runKernel(
          tf.Conv2DBackpropInput,
          { dy: uniform(dyShape, 12), filter: uniform(filterShape, 13) },
          { strides, pad, dataFormat: 'NHWC', inputShape: xShape },
        ) as tf.Tensor,
      );
    });

    it(`DepthwiseConv2dNativeBackpropFilter and ...Input (${label})`, async () => {
      const dyShape = tf.backend_util.computeConv2DInfo(xShape, depthwiseShape, strides, 1, pad, undefined, true).outShape;
      const attrs = { strides, pad, dilations: 1 };
      await expectSameAsCpu(() =>
        tf.engine().runKernel(
          tf.DepthwiseConv2dNativeBackpropFilter,
          { x: uniform(xShape, 3), dy: uniform(dyShape, 4) },
          { ...attrs, filterShape: depthwiseShape },
        ) as tf.Tensor,
      );
      await expectSameAsCpu(() =>
        tf.engine().runKernel(
          tf.DepthwiseConv2dNativeBackpropInput,
          { dy: uniform(dyShape, 5), filter: uniform(depthwiseShape, 6) },
          { ...attrs, inputShape: xShape },
        ) as tf.Tensor,
      );
    });
  }

  it('UnsortedSegmentSum (float32 with an out-of-range id, int32, and as the gradient of gather)', async () => {
    await expectSameAsCpu(() => tf.unsortedSegmentSum(uniform([5, 3], 7), tf.tensor1d([0, 2, 0, 3, -1], 'int32'), 4));
    await expectSameAsCpu(() =>
      tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], undefined, 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 2),
    );
    const gatherLoss = (x: tf.Tensor): tf.Tensor =>
      tf.sum(tf.mul(tf.gather(x, tf.tensor1d([0, 2, 2], 'int32')), tf.tensor2d([[1, 2], [3, 4], [5, 6]])));
    await expectSameAsCpu(() => tf.grad(gatherLoss)(uniform([3, 2], 8)));
  });

  it('MaxPoolGrad routes gradients to the first maximum, also in windows of values <= 0', async () => {
    // Stock wasm sends these to flat offset 0: all-negative and all-zero (post-ReLU) windows.
    // Windows (2x2, stride 2) of a [1, 2, 6, 1] input: all negative, all zero, negative with a tie.
    const x = [-0.5, -0.2, 0, 0, -3, -1, -0.3, -0.4, 0, 0, -2, -1];
    const pool = (input: tf.Tensor): tf.Tensor => tf.maxPool(input as tf.Tensor4D, [2, 2], 2, 'valid');
    await wasmBackend.activate();
    const dx = tf.tidy(() => tf.grad(pool)(tf.tensor4d(x, [1, 2, 6, 1])));
    expect(Array.from(await dx.data())).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    dx.dispose();
  });

  for (const [shape, filter, strides, pad] of [
    [[2, 5, 5, 3], 2, 2, 'valid'],
    [[1, 5, 6, 2], 3, 1, 'same'],
    [[2, 7, 5, 2], [3, 2], [2, 1], 'same'],
  ] as Array<[Shape4, number | [number, number], Strides, 'valid' | 'same']>) {
    it(`MaxPoolGrad (x ${shape.join('x')}, filter ${String(filter)}, strides ${String(strides)}, ${pad})`, async () => {
      await expectSameAsCpu(() =>
        tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, filter, strides, pad), 1.5)))(uniform(shape, 11)),
      );
    });
  }

  // The SIMD 4x4-block transpose: whole blocks, ragged edges on either axis, a batch of matrices, int32 bits.
  for (const [shape, dtype] of [[[784, 300], 'float32'], [[7, 5], 'float32'], [[3, 6, 9], 'float32'], [[2, 2, 4, 8], 'int32'], [[5, 1], 'float32'], [[0, 3], 'float32']] as Array<[number[], 'float32' | 'int32']>) {
    it(`Transpose of the last two axes (${shape.join('x')} ${dtype})`, async () => {
      const rank = shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      await expectSameAsCpu(() => tf.transpose(tf.cast(tf.mul(uniform(shape, 12), 1000), dtype), perm));
    });
  }

  it('frees every intermediate on the wasm heap', async () => {
    await wasmBackend.activate();
    const backend = tf.backend();
    const x = uniform([2, 6, 6, 2], 9);
    const dy = uniform([2, 4, 4, 3], 10);
    const before = backend.numDataIds();
    const dW = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
      strides: 1,
      pad: 'valid',
      dataFormat: 'NHWC',
      filterShape: [3, 3, 2, 3],
    }) as tf.Tensor;
    expect(backend.numDataIds()).toBe(before + 1);
    tf.dispose([x, dy, dW]);
    expect(backend.numDataIds()).toBe(before - 2);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';
import { javascriptPathRuns } from './javascript-paths.js';

type Pad = 'valid' | 'same' | tf.backend_util.ExplicitPadding;
interface Block {
  readonly kernel: number;
  readonly channels: number;
  readonly pad: Pad;
  readonly pool?: readonly [number, number];
}

/**
 * The convolution and pooling geometries of the bench's `cnn` (5x5 and 3x3, no padding ('valid', as
 * nnlab's Conv2d passes it); 2x2 pools) and `cnn3` (5x5 'same', a 2x2 pool and
 * a 3x3 pool at stride 1), at a small batch and size, forward and backward.
 */
const NETWORKS: ReadonlyArray<readonly [string, readonly number[], readonly Block[]]> = [
  ['cnn', [3, 16, 16, 1], [
    { kernel: 5, channels: 4, pad: 'valid', pool: [2, 2] },
    { kernel: 3, channels: 6, pad: 'valid', pool: [2, 2] },
  ]],
  ['cnn3', [2, 12, 12, 1], [
    { kernel: 5, channels: 3, pad: 'same' },
    { kernel: 5, channels: 4, pad: 'same', pool: [2, 2] },
    { kernel: 5, channels: 5, pad: 'same', pool: [3, 1] },
  ]],
];

function lossOf(blocks: readonly Block[], input: tf.Tensor, filters: tf.Tensor[], biases: tf.Tensor[]): tf.Scalar {
  let x = input as tf.Tensor4D;
  blocks.forEach((block, i) => {
    x = tf.relu(tf.fused.conv2d({ x, filter: filters[i] as tf.Tensor4D, strides: 1, pad: block.pad, bias: biases[i] as tf.Tensor1D }));
    if (block.pool !== undefined) x = tf.maxPool(x, block.pool[0], block.pool[1], 'valid');
  });
  return tf.sum(tf.mul(x, tf.randomUniform(x.shape, -1, 1, 'float32', 7)));
}

async function gradientsOn(backend: typeof cpuBackend, shape: readonly number[], blocks: readonly Block[]): Promise<number[][]> {
  await backend.activate();
  const grads = tf.tidy(() => {
    const input = tf.randomUniform([...shape], -1, 1, 'float32', 1);
    let channels = shape[3] as number;
    const filters: tf.Tensor[] = [];
    const biases: tf.Tensor[] = [];
    blocks.forEach((block, i) => {
      filters.push(tf.randomUniform([block.kernel, block.kernel, channels, block.channels], -0.5, 0.5, 'float32', 10 + i));
      biases.push(tf.randomUniform([block.channels], -0.1, 0.1, 'float32', 20 + i));
      channels = block.channels;
    });
    return tf.grads((...args: tf.Tensor[]) => lossOf(blocks, args[0] as tf.Tensor, args.slice(1, 1 + blocks.length), args.slice(1 + blocks.length)))([input, ...filters, ...biases]);
  });
  const values = await Promise.all(grads.map(async (g) => Array.from(await g.data())));
  tf.dispose(grads);
  return values;
}

describe('the bench CNNs on wasm', () => {
  for (const [name, shape, blocks] of NETWORKS) {
    it(`${name}'s convolutions and pooling, forward and backward, run in wasm (no JavaScript loop) and agree with cpu`, async () => {
      const expected = await gradientsOn(cpuBackend, shape, blocks);
      javascriptPathRuns.clear();
      const actual = await gradientsOn(wasmBackend, shape, blocks);
      expect(tf.getBackend()).toBe('wasm');
      expect(Object.fromEntries(javascriptPathRuns)).toEqual({});
      expect(actual.map((g) => g.length)).toEqual(expected.map((g) => g.length));
      actual.forEach((gradient, i) => gradient.forEach((value, j) => expect(value).toBeCloseTo(expected[i]?.[j] as number, 3)));
    });
  }

  it('the JavaScript paths are counted (the check above can fail)', async () => {
    await wasmBackend.activate();
    javascriptPathRuns.clear();
    // A stride larger than the filter: XNNPACK computed wrong values, the guarded Conv2D loops in JavaScript.
    tf.tidy(() => tf.conv2d(tf.ones([1, 6, 6, 1]) as tf.Tensor4D, tf.ones([1, 1, 1, 1]) as tf.Tensor4D, 2, 'valid'));
    expect(javascriptPathRuns.get('Conv2D')).toBe(1);
  });
});

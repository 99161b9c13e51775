import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng, ShapeMismatchError } from '@nnlab/core';
import { Conv2d } from './conv2d.js';
import { expectClose, TOLERANCE } from '../expect-close.test-helper.js';
import { cnnFixture } from '../cnn-fixture.test-helper.js';
import { useCpuBackend } from '../use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

// float32 sums of up to 75 products against float64 PyTorch: rtol 1e-5, atol 1e-6 (the package's TOLERANCE).
const CONV_TOLERANCE = TOLERANCE;

describe.each(cnnFixture.conv2d)('Conv2d matches PyTorch: $name', (c) => {
  it('forward and the gradients of sum(y * dy)', () => {
    const layer = new Conv2d(c.inChannels, c.outChannels, c.kernelSize, {
      rng: new Rng(0),
      stride: c.stride,
      padding: c.padding,
      bias: c.bias !== undefined,
    });
    const state: Record<string, tf.Tensor> = { weight: tf.tensor(c.weight) };
    if (c.bias !== undefined) state.bias = tf.tensor(c.bias);
    layer.loadStateDict(state);
    const x = tf.tensor(c.x);
    const dy = tf.tensor(c.dy);
    const y = layer.forward(x);
    expectClose(y, c.y, CONV_TOLERANCE);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.forward(x), dy)) as tf.Scalar);
    expectClose(grads[layer.weight.name]!, c.dweight, CONV_TOLERANCE);
    if (c.dbias !== undefined) expectClose(grads[layer.bias!.name]!, c.dbias, CONV_TOLERANCE);
    const [dx] = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(layer.forward(input), dy)))([x]);
    expectClose(dx!, c.dx, CONV_TOLERANCE);
    tf.dispose([x, dy, y, dx!, ...Object.values(grads), ...Object.values(state)]);
    layer.dispose();
  });
});

describe('Conv2d', () => {
  it('uses the HWIO weight layout and PyTorch-like output sizes', () => {
    const rng = new Rng(0);
    const conv = new Conv2d(1, 16, 5, { rng });
    expect(conv.weight.shape).toEqual([5, 5, 1, 16]);
    expect(conv.bias?.shape).toEqual([16]);
    const x = tf.zeros([2, 28, 28, 1]);
    const y = conv.forward(x);
    expect(y.shape).toEqual([2, 24, 24, 16]);
    const same = new Conv2d(1, 4, 5, { rng, padding: 'same', bias: false });
    const ySame = same.forward(x);
    expect(ySame.shape).toEqual([2, 28, 28, 4]);
    expect(same.bias).toBeNull();
    expect(same.namedParameters().map(([name]) => name)).toEqual(['weight']);
    expect(conv.toString()).toBe('Conv2d(1, 16, kernelSize=5x5, stride=1x1, padding=0x0, bias=true)');
    tf.dispose([x, y, ySame]);
    conv.dispose();
    same.dispose();
  });

  it("maps its weight to PyTorch's OIHW layout for checkpoints", () => {
    const conv = new Conv2d(2, 3, [4, 5], { rng: new Rng(0) });
    const [weight] = conv.namedTorchLayouts();
    expect(weight).toEqual({ name: 'weight', torchName: 'weight', permutation: [3, 2, 0, 1] });
    const oihw = tf.transpose(conv.weight, weight!.permutation as number[]);
    expect(oihw.shape).toEqual([3, 2, 4, 5]);
    expect(conv.namedTorchLayouts()[1]).toEqual({ name: 'bias', torchName: 'bias' });
    oihw.dispose();
    conv.dispose();
  });

  it("initialises like PyTorch: U(+-1/sqrt(in * kh * kw)) for weight and bias", () => {
    const conv = new Conv2d(16, 32, 3, { rng: new Rng(5) });
    const bound = 1 / Math.sqrt(16 * 9);
    const weights = Array.from(conv.weight.dataSync());
    const maxAbs = weights.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const std = Math.sqrt(weights.reduce((s, v) => s + v * v, 0) / weights.length);
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeGreaterThan(0.99 * bound);
    expect(Math.abs(std - bound / Math.sqrt(3)) / (bound / Math.sqrt(3))).toBeLessThan(0.03);
    const biasMax = Array.from(conv.bias!.dataSync()).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(biasMax).toBeLessThanOrEqual(bound);
    expect(biasMax).toBeGreaterThan(0.7 * bound);
    const again = new Conv2d(16, 32, 3, { rng: new Rng(5) });
    expect(Array.from(again.weight.dataSync())).toEqual(weights);
    conv.dispose();
    again.dispose();
  });

  it.each([
    [() => new Conv2d(0, 4, 3, { rng: new Rng(0) }), /Conv2d inChannels must be an integer >= 1, got 0/],
    [() => new Conv2d(1, 4.5, 3, { rng: new Rng(0) }), /Conv2d outChannels .* got 4\.5/],
    [() => new Conv2d(1, 4, [3, 0], { rng: new Rng(0) }), /Conv2d kernelSize\[1\] must be an integer >= 1, got 0/],
    [() => new Conv2d(1, 4, [3] as never, { rng: new Rng(0) }), /kernelSize must be an integer or a pair/],
    [() => new Conv2d(1, 4, 3, { rng: new Rng(0), stride: 0 }), /Conv2d stride must be an integer >= 1, got 0/],
    [() => new Conv2d(1, 4, 3, { rng: new Rng(0), padding: -1 }), /Conv2d padding .* got -1/],
    [() => new Conv2d(1, 4, 3, { rng: new Rng(0), padding: 'full' as never }), /padding.*"full"/],
    [() => new Conv2d(1, 4, 3, { rng: new Rng(0), padding: 'same', stride: 2 }), /'same' needs stride 1.*2x2/],
    [() => new Conv2d(1, 4, 3, {} as never), /options\.rng must be an Rng/],
  ])('validates its arguments eagerly (%#)', (build, message) => {
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });

  it.each([
    [[2, 4, 4, 1], /Conv2d\(1, 16, kernelSize=5x5\): input \[2, 4, 4, 1\] is smaller than the 5x5 kernel: with padding 0x0 it is 4x4, expected height >= 5 and width >= 5/],
    [[2, 28, 28, 3], /input \[2, 28, 28, 3\] has 3 channels on its last axis, expected NHWC \[N, H, W, 1\]/],
    [[2, 1, 28, 28], /this looks like NCHW/],
    [[28, 28, 1], /must be an NHWC batch \[N, H, W, 1\], got \[28, 28, 1\]/],
  ])('rejects input %j with a ShapeMismatchError naming the layer', (shape, message) => {
    const conv = new Conv2d(1, 16, 5, { rng: new Rng(0) });
    const x = tf.zeros(shape);
    expect(() => conv.forward(x)).toThrow(ShapeMismatchError);
    expect(() => conv.forward(x)).toThrow(message);
    x.dispose();
    conv.dispose();
  });

  it('accepts an input exactly as large as the kernel after padding', () => {
    const conv = new Conv2d(2, 3, 5, { rng: new Rng(0), padding: 1 });
    const x = tf.zeros([1, 3, 3, 2]);
    const y = conv.forward(x);
    expect(y.shape).toEqual([1, 1, 1, 3]);
    tf.dispose([x, y]);
    conv.dispose();
  });
});

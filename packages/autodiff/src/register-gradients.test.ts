import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradientKernelNames, registerGradients } from './register-gradients.js';

// These tests depend on order: they start from tfjs-core with no gradients registered
// (vitest runs each file in a fresh process).
describe('registerGradients', () => {
  const sentinel: tf.GradConfig = { kernelName: tf.Tanh, gradFunc: (dy) => ({ x: () => tf.mul(dy as tf.Tensor, 0) }) };

  it('starts from tfjs-core without gradients (the reason this package exists)', () => {
    expect(tf.getGradient(tf.Add)).toBeUndefined();
  });

  it('registers every kernel without a gradient and leaves existing ones alone', () => {
    tf.registerGradient(sentinel);
    const result = registerGradients();
    expect(result.alreadyPresent).toEqual([tf.Tanh]);
    expect(result.registered).toEqual(gradientKernelNames.filter((name) => name !== tf.Tanh));
    expect(tf.getGradient(tf.Tanh)).toBe(sentinel);
    for (const name of gradientKernelNames) expect(tf.getGradient(name), name).toBeDefined();
  });

  it('is idempotent', () => {
    const again = registerGradients();
    expect(again.registered).toEqual([]);
    expect(again.alreadyPresent).toEqual([...gradientKernelNames]);
  });

  it('lists each kernel once and covers what nnlab trains with', () => {
    expect(new Set(gradientKernelNames).size).toBe(gradientKernelNames.length);
    const required = [
      'Add', 'AddN', 'Sub', 'Multiply', 'RealDiv', 'Neg', 'Square', 'SquaredDifference', 'Sqrt', 'Rsqrt', 'Pow',
      'Exp', 'Log', 'Log1p', 'Abs', 'Maximum', 'Minimum', 'ClipByValue', 'Relu', 'Relu6', 'LeakyRelu', 'Prelu',
      'Elu', 'Selu', 'Sigmoid', 'Tanh', 'Softplus', 'Softmax', 'BatchMatMul', 'Sum', 'Mean', 'Max', 'Min',
      'Reshape', 'Cast', 'Identity', 'Transpose', 'Tile', 'BroadcastTo', 'Concat', 'Slice', 'StridedSlice',
      'PadV2', 'GatherV2', 'Select', 'Pack', 'Unpack', 'SplitV', 'Reverse', 'Floor', 'Round', 'Sign', 'Step',
      'OnesLike', 'ZerosLike', 'Equal', 'Erf', 'Conv2D', 'Conv2DBackpropInput', 'DepthwiseConv2dNative',
      'MaxPool', 'AvgPool', 'FusedBatchNorm',
    ];
    expect(required.filter((name) => !gradientKernelNames.includes(name))).toEqual([]);
  });

});

import { type BatchNormTrainAttrs, FUSED_KERNELS } from '@nnlab/core';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Of, type KernelArgs, type NativeKernel, outputFloat32 } from './kernel-support.js';

/** Rows and channels of a channels-last activation `x` whose per-channel tensors hold `channels` values. */
function rowsAndChannels(kernel: string, x: tf.TensorInfo, perChannel: ReadonlyArray<Float32Array | undefined>): [number, number] {
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const rows = channels === 0 ? 0 : x.shape.reduce((a, b) => a * b, 1) / channels;
  if (x.shape.length < 2 || rows < 1 || perChannel.some((v) => v === undefined || v.length !== channels)) {
    throw new Error(`${kernel}: needs float32 x of rank >= 2 and float32 per-channel tensors of ${channels} values, got x [${x.shape.join(', ')}]`);
  }
  return [rows, channels];
}

function float32Input(kernel: string, args: KernelArgs, name: string): [tf.TensorInfo, Float32Array] {
  const info = args.inputs[name];
  const values = float32Of(args.backend, info);
  if (info === undefined || values === undefined) throw new Error(`${kernel}: input ${name} must be a float32 tensor`);
  return [info, values];
}

/**
 * `NnlabBatchNormTrain` (`FUSED_KERNELS.batchNormTrain`): the batch's
 * per-channel statistics and the normalised output in two passes over `x`
 * (native/batch-norm.cc), sums in double.
 */
export const batchNormTrainKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.batchNormTrain,
  impl: (args, addon) => {
    const kernel = FUSED_KERNELS.batchNormTrain;
    const [x, values] = float32Input(kernel, args, 'x');
    const scale = float32Of(args.backend, args.inputs.scale);
    const offset = float32Of(args.backend, args.inputs.offset);
    const [rows, channels] = rowsAndChannels(kernel, x, [scale, offset]);
    const { epsilon } = args.attrs as unknown as BatchNormTrainAttrs;
    const y = outputFloat32(args.backend, values.length);
    const mean = outputFloat32(args.backend, channels);
    const variance = outputFloat32(args.backend, channels);
    addon.batchNormTrain(values, scale as Float32Array, offset as Float32Array, y, mean, variance, rows, channels, epsilon);
    return [
      args.backend.makeTensorInfo([...x.shape], 'float32', y),
      args.backend.makeTensorInfo([channels], 'float32', mean),
      args.backend.makeTensorInfo([channels], 'float32', variance),
    ];
  },
};

/** `NnlabBatchNormTrainGrad` (`FUSED_KERNELS.batchNormTrainGrad`): dx, dScale and dOffset in two passes. */
export const batchNormTrainGradKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.batchNormTrainGrad,
  impl: (args, addon) => {
    const kernel = FUSED_KERNELS.batchNormTrainGrad;
    const [dyInfo, dy] = float32Input(kernel, args, 'dy');
    const [x, values] = float32Input(kernel, args, 'x');
    const [scale, mean, variance] = ['scale', 'mean', 'variance'].map((name) => float32Of(args.backend, args.inputs[name]));
    const [rows, channels] = rowsAndChannels(kernel, x, [scale, mean, variance]);
    if (dy.length !== values.length) throw new Error(`${kernel}: dy [${dyInfo.shape.join(', ')}] must have x's shape [${x.shape.join(', ')}]`);
    const { epsilon } = args.attrs as unknown as BatchNormTrainAttrs;
    const dx = outputFloat32(args.backend, values.length);
    const dScale = outputFloat32(args.backend, channels);
    const dOffset = outputFloat32(args.backend, channels);
    addon.batchNormTrainGrad(dy, values, scale as Float32Array, mean as Float32Array, variance as Float32Array, dx, dScale, dOffset, rows, channels, epsilon);
    return [
      args.backend.makeTensorInfo([...x.shape], 'float32', dx),
      args.backend.makeTensorInfo([channels], 'float32', dScale),
      args.backend.makeTensorInfo([channels], 'float32', dOffset),
    ];
  },
};

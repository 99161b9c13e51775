import { FUSED_KERNELS, type FusedAdagradAttrs, type FusedAdamAttrs } from '@nnlab/core';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Of, type NativeKernel, outputFloat32 } from './kernel-support.js';

/** The float32 values of `tensors` if they all have `n` elements, else undefined. */
function sameSize(backend: Parameters<typeof float32Of>[0], tensors: ReadonlyArray<tf.TensorInfo | undefined>): Float32Array[] | undefined {
  const values = tensors.map((t) => float32Of(backend, t));
  const n = values[0]?.length;
  return values.every((v): v is Float32Array => v !== undefined && v.length === n) ? values : undefined;
}

function failure(kernel: string): Error {
  return new Error(`${kernel}: inputs must be float32 tensors with the same number of elements`);
}

/**
 * `NnlabFusedAdam` (`FUSED_KERNELS.adam` from @nnlab/core): Adam's moments
 * and direction in one pass instead of eleven elementwise kernels, with the
 * same float32 operations in the same order as @nnlab/optimizers' fallback.
 */
export const fusedAdamKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.adam,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { gradient, firstMoment, secondMoment } = inputs;
    const values = sameSize(backend, [gradient, firstMoment, secondMoment]);
    if (gradient === undefined || values === undefined) throw failure(FUSED_KERNELS.adam);
    const [g, m, v] = values as [Float32Array, Float32Array, Float32Array];
    const { beta1, beta2, epsilon, scale } = attrs as unknown as FusedAdamAttrs;
    const outputs = [0, 1, 2].map(() => outputFloat32(backend, g.length)) as [Float32Array, Float32Array, Float32Array];
    addon.adamUpdate(g, m, v, ...outputs, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, scale);
    return outputs.map((out) => backend.makeTensorInfo([...gradient.shape], 'float32', out));
  },
};

/** `NnlabFusedAdagrad` (`FUSED_KERNELS.adagrad`): the accumulator and direction in one pass. */
export const fusedAdagradKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.adagrad,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { gradient, sum } = inputs;
    const values = sameSize(backend, [gradient, sum]);
    if (gradient === undefined || values === undefined) throw failure(FUSED_KERNELS.adagrad);
    const [g, s] = values as [Float32Array, Float32Array];
    const { epsilon, scale } = attrs as unknown as FusedAdagradAttrs;
    const outputs = [0, 1].map(() => outputFloat32(backend, g.length)) as [Float32Array, Float32Array];
    addon.adagradUpdate(g, s, ...outputs, epsilon, scale);
    return outputs.map((out) => backend.makeTensorInfo([...gradient.shape], 'float32', out));
  },
};

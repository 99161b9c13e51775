import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FUSED_KERNELS, type FusedAdagradAttrs, type FusedAdamAttrs } from '@nnlab/core';
import { heapOffset, runSimd } from './simd-module.js';

function checkFloats(kernel: string, inputs: Record<string, tf.TensorInfo>): number {
  const tensors = Object.entries(inputs);
  const size = tf.util.sizeFromShape((tensors[0]?.[1] as tf.TensorInfo).shape);
  for (const [name, t] of tensors) {
    if (t.dtype !== 'float32' || tf.util.sizeFromShape(t.shape) !== size) {
      throw new Error(`${kernel}: input ${name} must be float32 with ${size} elements, got ${t.dtype} [${t.shape.join(', ')}]`);
    }
  }
  return size;
}

function fusedAdam(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { gradient, firstMoment, secondMoment } = args.inputs as unknown as Record<'gradient' | 'firstMoment' | 'secondMoment', tf.TensorInfo>;
  const { beta1, beta2, epsilon, scale } = args.attrs as unknown as FusedAdamAttrs;
  const n = checkFloats(FUSED_KERNELS.adam, { gradient, firstMoment, secondMoment });
  // Allocate before taking pointers: malloc may grow the memory (offsets stay valid, views would not).
  const outputs = [0, 1, 2].map(() => backend.makeOutput([...gradient.shape], 'float32'));
  const [m, v, direction] = outputs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const at = (t: tf.TensorInfo): number => heapOffset(backend, t);
  runSimd(backend, 'adam', at(gradient), at(firstMoment), at(secondMoment), at(m), at(v), at(direction), n, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, scale);
  return outputs;
}

function fusedAdagrad(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { gradient, sum } = args.inputs as unknown as Record<'gradient' | 'sum', tf.TensorInfo>;
  const { epsilon, scale } = args.attrs as unknown as FusedAdagradAttrs;
  const n = checkFloats(FUSED_KERNELS.adagrad, { gradient, sum });
  const outputs = [0, 1].map(() => backend.makeOutput([...gradient.shape], 'float32'));
  const [nextSum, direction] = outputs as [tf.TensorInfo, tf.TensorInfo];
  const at = (t: tf.TensorInfo): number => heapOffset(backend, t);
  runSimd(backend, 'adagrad', at(gradient), at(sum), at(nextSum), at(direction), n, epsilon, scale);
  return outputs;
}

/**
 * `NnlabFusedAdam` for wasm ({@link FUSED_KERNELS}): Adam's moments and
 * direction in one SIMD pass over the wasm heap instead of eleven
 * elementwise kernels (each a pass with its own allocation).
 */
export const fusedAdamConfig: tf.KernelConfig = {
  kernelName: FUSED_KERNELS.adam,
  backendName: 'wasm',
  kernelFunc: fusedAdam as unknown as tf.KernelFunc,
};

/** `NnlabFusedAdagrad` for wasm: Adagrad's sum and direction in one SIMD pass. */
export const fusedAdagradConfig: tf.KernelConfig = {
  kernelName: FUSED_KERNELS.adagrad,
  backendName: 'wasm',
  kernelFunc: fusedAdagrad as unknown as tf.KernelFunc,
};

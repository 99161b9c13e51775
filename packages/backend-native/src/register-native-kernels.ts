import type { KernelReport } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulKernel, fusedMatMulKernel } from './kernels/batch-mat-mul.js';
import { batchNormTrainGradKernel, batchNormTrainKernel } from './kernels/batch-norm.js';
import { binaryKernels } from './kernels/binary.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel, fusedConv2dKernel } from './kernels/conv2d.js';
import { fusedAdagradKernel, fusedAdamKernel } from './kernels/fused-optimizers.js';
import { asJavaScriptKernel, NATIVE_BACKEND_NAME, type NativeKernel, withFallback } from './kernels/kernel-support.js';
import { avgPoolGradKernel, avgPoolKernel, maxPoolGradKernel, maxPoolKernel } from './kernels/pool.js';
import { nativeMaskKernels } from './kernels/mask-kernels.js';
import { reluGradKernel } from './kernels/relu-grad.js';
import { softmaxCrossEntropyGradKernel, softmaxCrossEntropyKernel } from './kernels/softmax-cross-entropy.js';
import { selectKernel } from './kernels/select.js';
import { meanKernel, sumKernel } from './kernels/sum.js';
import { castKernel, unaryKernels } from './kernels/unary.js';
import type { NativeAddon } from './native-addon.js';

/** Every kernel the native backend computes in C++ (each falls back to the cpu kernel per call when a shape or dtype is not covered). */
export const NATIVE_KERNELS: readonly NativeKernel[] = [
  batchMatMulKernel,
  fusedMatMulKernel,
  conv2dKernel,
  fusedConv2dKernel,
  conv2dBackpropInputKernel,
  conv2dBackpropFilterKernel,
  maxPoolKernel,
  maxPoolGradKernel,
  avgPoolKernel,
  avgPoolGradKernel,
  ...binaryKernels,
  ...unaryKernels,
  castKernel,
  selectKernel,
  sumKernel,
  meanKernel,
  // Not cpu kernels: @nnlab/optimizers dispatches these only where the backend registers them.
  fusedAdamKernel,
  fusedAdagradKernel,
  batchNormTrainKernel,
  batchNormTrainGradKernel,
  reluGradKernel,
  softmaxCrossEntropyKernel,
  softmaxCrossEntropyGradKernel,
];

/**
 * cpu kernels whose output is the input's own data id (reference counted),
 * never a second view of its buffer: their inputs need not be marked as
 * exposed, so the pool can still recycle those buffers. Reviewed in
 * tfjs-backend-cpu 4.22.0.
 */
const SHARES_DATA_ID: ReadonlySet<string> = new Set([tf.Identity, tf.Reshape, tf.ExpandDims]);

let report: KernelReport | undefined;

/**
 * Gives the `native` tfjs backend every kernel of the `cpu` backend (same
 * storage, so they run unchanged), then overrides {@link NATIVE_KERNELS}
 * with C++ versions that fall back to the cpu kernel call by call. Once per
 * process; needs `@tensorflow/tfjs-backend-cpu` imported (its kernels
 * registered) first.
 */
export function registerNativeKernels(addon: NativeAddon): KernelReport {
  if (report !== undefined) return report;
  // Registered first, so a copy of the cpu backend's (when @nnlab/backend-cpu registered them there) never takes their place.
  const masks = nativeMaskKernels(addon).filter((config) => tf.getKernel(config.kernelName, NATIVE_BACKEND_NAME) === undefined);
  for (const config of masks) tf.registerKernel(config);
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND_NAME) === undefined) {
      const kernelFunc = SHARES_DATA_ID.has(config.kernelName) ? config.kernelFunc : asJavaScriptKernel(config.kernelFunc);
      tf.registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME, kernelFunc });
    }
  }
  const replaced: string[] = [];
  const added: string[] = [];
  for (const kernel of NATIVE_KERNELS) {
    const cpu = tf.getKernel(kernel.kernelName, 'cpu');
    if (cpu === undefined) {
      // No JS kernel to fall back to (nnlab's fused optimizer kernels): the native one must not fail silently.
      const failing: tf.KernelFunc = () => {
        throw new Error(`${kernel.kernelName}: the native backend does not cover this case and tfjs-backend-cpu has no kernel for it`);
      };
      tf.registerKernel({ kernelName: kernel.kernelName, backendName: NATIVE_BACKEND_NAME, kernelFunc: withFallback(kernel, failing, addon) });
      added.push(kernel.kernelName);
      continue;
    }
    tf.unregisterKernel(kernel.kernelName, NATIVE_BACKEND_NAME);
    tf.registerKernel({ ...cpu, backendName: NATIVE_BACKEND_NAME, kernelFunc: withFallback(kernel, cpu.kernelFunc, addon) });
    replaced.push(kernel.kernelName);
  }
  added.push(...masks.map((config) => config.kernelName));
  report = { replaced, added, fallback: [] };
  return report;
}

import { hostMaskKernels } from '@nnlab/backend-cpu';
import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native-addon.js';
import { float32Of, NATIVE_BACKEND_NAME } from './kernel-support.js';

/**
 * `fit`'s masked-update kernels (`FUSED_KERNELS.allFinite` and `.selectIf`
 * of @nnlab/core) for the native backend: @nnlab/backend-cpu's host-memory
 * kernels (the same storage), with the finiteness check in C++ (one
 * vectorised pass over the exponent bits, several times faster than the
 * JavaScript loop, which it replaces on every step's gradients).
 */
export function nativeMaskKernels(addon: NativeAddon): tf.KernelConfig[] {
  const host = hostMaskKernels(NATIVE_BACKEND_NAME);
  // An addon built before allFinite existed (sources updated, `build:addon` not rerun): the JavaScript check.
  if (typeof (addon as Partial<NativeAddon>).allFinite !== 'function') return host;
  const allFinite: tf.KernelFunc = ({ inputs, backend }) => {
    const cpu = backend as Parameters<typeof float32Of>[0];
    let finite = true;
    for (const t of Object.values(inputs) as tf.TensorInfo[]) {
      if (t.dtype === 'int32' || t.dtype === 'bool') continue; // always finite
      const values = float32Of(cpu, t);
      if (values === undefined) throw new Error(`${FUSED_KERNELS.allFinite}: inputs must be float32, int32 or bool tensors in host memory, got ${t.dtype}`);
      finite = addon.allFinite(values);
      if (!finite) break;
    }
    return cpu.makeTensorInfo([], 'bool', new Uint8Array([finite ? 1 : 0]));
  };
  return host.map((config) => (config.kernelName === FUSED_KERNELS.allFinite ? { ...config, kernelFunc: allFinite } : config));
}

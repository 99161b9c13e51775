import * as tf from '@tensorflow/tfjs-core';

let snapshot: readonly tf.KernelConfig[] | undefined;

/**
 * The kernel configs stock `@tensorflow/tfjs-backend-wasm` registered for
 * `wasm` on import, copied before nnlab adds or replaces any (the first call
 * that finds them takes the copy; registerWasmKernels makes that call first).
 * Empty until the stock package has been imported.
 */
export function stockWasmKernels(): readonly tf.KernelConfig[] {
  if (snapshot !== undefined) return snapshot;
  const kernels = tf.getKernelsForBackend('wasm').map((config) => ({ ...config }));
  if (kernels.length > 0) snapshot = kernels;
  return kernels;
}

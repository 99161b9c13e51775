import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs the fused kernel `name` (one of `FUSED_KERNELS` from `@nnlab/core`)
 * when the active tfjs backend registers it, returning its outputs; returns
 * undefined otherwise, and the caller computes the same formula with
 * elementwise ops (the portable path, bit-for-bit what the wasm kernels
 * compute). Internal to the transforms.
 */
export function runFusedKernel(name: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor[] | undefined {
  if (tf.getKernel(name, tf.getBackend()) === undefined) return undefined;
  const outputs = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap);
  return Array.isArray(outputs) ? outputs : [outputs];
}

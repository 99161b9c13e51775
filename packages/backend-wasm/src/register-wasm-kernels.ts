import * as tf from '@tensorflow/tfjs-core';
import type { KernelReport } from '@nnlab/core';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/depthwise-conv2d-native-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/depthwise-conv2d-native-backprop-input.js';
import { maxPoolGradConfig } from './kernels/max-pool-grad.js';
import { captureStockOneHot, oneHotConfig } from './kernels/one-hot.js';
import { unsortedSegmentSumConfig } from './kernels/unsorted-segment-sum.js';

/** A kernel nnlab adds to (or replaces in) the stock `wasm` backend. */
interface WasmKernel {
  readonly config: tf.KernelConfig;
  /** Computed in plain JavaScript on copies of the wasm heap (reported as a fallback). */
  readonly javascript: boolean;
  /** Replaces a broken stock kernel rather than filling a gap. */
  readonly replaces: boolean;
}

/**
 * Every kernel this package adds or replaces: the gaps found by comparing
 * stock wasm's kernels with the cpu backend's and with what nnlab's layers
 * and gradients dispatch, and the stock kernels the conformance suite
 * caught computing wrong results.
 */
const WASM_KERNELS: readonly WasmKernel[] = [
  { config: conv2DBackpropFilterConfig, javascript: false, replaces: false },
  { config: depthwiseConv2dNativeBackpropFilterConfig, javascript: true, replaces: false },
  { config: depthwiseConv2dNativeBackpropInputConfig, javascript: true, replaces: false },
  { config: unsortedSegmentSumConfig, javascript: true, replaces: false },
  { config: maxPoolGradConfig, javascript: true, replaces: true },
  { config: oneHotConfig, javascript: false, replaces: true },
];

let report: KernelReport | undefined;

/**
 * Registers nnlab's extra kernels for the `wasm` backend (once per process)
 * and reports what changed relative to stock tfjs-backend-wasm. A gap the
 * stock backend has since filled is left to the stock kernel, so a future
 * tfjs release that adds one wins automatically; replacements always apply.
 */
export function registerWasmKernels(): KernelReport {
  if (report !== undefined) return report;
  const added: string[] = [];
  const replaced: string[] = [];
  const fallback: string[] = [];
  captureStockOneHot();
  for (const { config, javascript, replaces } of WASM_KERNELS) {
    const stock = tf.getKernel(config.kernelName, 'wasm') !== undefined;
    if (stock && !replaces) continue;
    if (stock) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
    (stock ? replaced : added).push(config.kernelName);
    if (javascript) fallback.push(config.kernelName);
  }
  report = { replaced, added, fallback };
  return report;
}

import * as tf from '@tensorflow/tfjs-core';
import type { KernelReport } from '@nnlab/core';
import { batchMatMulConfig, captureStockMatMul, fusedMatMulConfig } from './kernels/batch-mat-mul.js';
import { captureStockComparisons, comparisonConfigs } from './kernels/compare.js';
import { captureStockConv2DBackpropInput, conv2DBackpropInputConfig } from './kernels/conv2d-backprop-input.js';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/depthwise-conv2d-native-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/depthwise-conv2d-native-backprop-input.js';
import { fusedAdagradConfig, fusedAdamConfig } from './kernels/fused-optimizers.js';
import { captureStockSelect, selectConfig } from './kernels/select.js';
import { simdKernelsSupported } from './kernels/simd-module.js';
import { captureStockSum, meanConfig, sumConfig } from './kernels/sum.js';
import { captureStockCast, castConfig, identityConfig } from './kernels/identity.js';
import { allFiniteConfig, selectIfConfig } from './kernels/mask-kernels.js';
import { maxPoolGradConfig } from './kernels/max-pool-grad.js';
import { transposeConfig } from './kernels/transpose.js';
import { captureStockOneHot, oneHotConfig } from './kernels/one-hot.js';
import { unsortedSegmentSumConfig } from './kernels/unsorted-segment-sum.js';
import { stockWasmKernels } from './stock-wasm-kernels.js';
import { avgPoolConfig, bincountConfig, clipByValueConfig, maxPoolConfig, sliceConfig, sparseToDenseConfig, tileConfig, maximumConfig, minimumConfig, conv2dConfig, fusedConv2dConfig } from './kernels/guarded-stock-kernels.js';

/** A kernel nnlab adds to (or replaces in) the stock `wasm` backend. */
interface WasmKernel {
  readonly config: tf.KernelConfig;
  /** Computed in plain JavaScript on the wasm heap (reported as a fallback); a function when that depends on the runtime. */
  readonly javascript: boolean | (() => boolean);
  /** Replaces a stock kernel that computes wrong results or is slow, rather than filling a gap. */
  readonly replaces: false | 'wrong' | 'slow';
  /** Registered only when this returns true (e.g. the runtime compiles wasm SIMD). */
  readonly available?: () => boolean;
}

/**
 * Every kernel this package adds or replaces: the gaps found by comparing
 * stock wasm's kernels with the cpu backend's and with what nnlab's layers
 * and gradients dispatch, the stock kernels the conformance suite caught
 * computing wrong results, and the ones a training-step profile found slow.
 */
const WASM_KERNELS: readonly WasmKernel[] = [
  { config: conv2DBackpropFilterConfig, javascript: false, replaces: false },
  { config: depthwiseConv2dNativeBackpropFilterConfig, javascript: true, replaces: false },
  { config: depthwiseConv2dNativeBackpropInputConfig, javascript: true, replaces: false },
  { config: unsortedSegmentSumConfig, javascript: true, replaces: false },
  // JavaScript only where nnlab's kernel module does not compile (no wasm SIMD).
  { config: maxPoolGradConfig, javascript: () => !simdKernelsSupported(), replaces: 'wrong' },
  { config: oneHotConfig, javascript: false, replaces: 'wrong' },
  { config: batchMatMulConfig, javascript: false, replaces: 'slow' },
  { config: fusedMatMulConfig, javascript: false, replaces: 'slow' },
  { config: conv2DBackpropInputConfig, javascript: false, replaces: 'slow' },
  { config: selectConfig, javascript: false, replaces: 'slow', available: simdKernelsSupported },
  { config: sumConfig, javascript: false, replaces: 'slow', available: simdKernelsSupported },
  // Also imprecise: one float32 running sum over batch norm's ~50,000 rows (see kernels/sum.ts).
  { config: meanConfig, javascript: false, replaces: 'slow', available: simdKernelsSupported },
  ...comparisonConfigs.map((config) => ({ config, javascript: false, replaces: 'slow' as const, available: simdKernelsSupported })),
  { config: identityConfig, javascript: false, replaces: 'slow' },
  { config: transposeConfig, javascript: false, replaces: 'slow', available: simdKernelsSupported },
  // Also copied same-dtype casts; 'wrong' because casts to bool wrapped (-2.2 became 254).
  { config: castConfig, javascript: false, replaces: 'wrong' },
  // Wrong results found by tfjs-core's own specs (see tfjs-core-exclusions.txt and kernels/guarded-stock-kernels.ts).
  { config: clipByValueConfig, javascript: true, replaces: 'wrong' },
  { config: maxPoolConfig, javascript: false, replaces: 'wrong' },
  { config: avgPoolConfig, javascript: false, replaces: 'wrong' },
  { config: sliceConfig, javascript: false, replaces: 'wrong' },
  { config: bincountConfig, javascript: false, replaces: 'wrong' },
  { config: tileConfig, javascript: false, replaces: 'wrong' },
  { config: sparseToDenseConfig, javascript: false, replaces: 'wrong' },
  { config: maximumConfig, javascript: true, replaces: 'wrong' },
  { config: minimumConfig, javascript: true, replaces: 'wrong' },
  { config: conv2dConfig, javascript: false, replaces: 'wrong' },
  { config: fusedConv2dConfig, javascript: false, replaces: 'wrong' },
  // Not tfjs kernels: nnlab's optimizers dispatch them when the backend has them (see FUSED_KERNELS in @nnlab/core).
  { config: fusedAdamConfig, javascript: false, replaces: false, available: simdKernelsSupported },
  { config: fusedAdagradConfig, javascript: false, replaces: false, available: simdKernelsSupported },
  // fit's masked update: a SIMD pass over the heap, and a buffer share.
  { config: allFiniteConfig, javascript: false, replaces: false, available: simdKernelsSupported },
  { config: selectIfConfig, javascript: false, replaces: false },
];

/** Names of the kernels nnlab adds to or replaces in stock wasm, by why (for `wasm-stock` to say what it lacks). */
export function wasmKernelChanges(): { fills: string[]; fixes: string[]; speedsUp: string[] } {
  const names = (keep: (k: WasmKernel) => boolean): string[] => WASM_KERNELS.filter(keep).map((k) => k.config.kernelName);
  return {
    fills: names((k) => k.replaces === false),
    fixes: names((k) => k.replaces === 'wrong'),
    speedsUp: names((k) => k.replaces === 'slow'),
  };
}

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
  // wasm-stock registers these copies under its own name.
  stockWasmKernels();
  captureStockOneHot();
  captureStockMatMul();
  captureStockCast();
  captureStockConv2DBackpropInput();
  captureStockComparisons();
  captureStockSelect();
  captureStockSum();
  for (const { config, javascript, replaces, available } of WASM_KERNELS) {
    if (available !== undefined && !available()) continue;
    const stock = tf.getKernel(config.kernelName, 'wasm') !== undefined;
    if (stock && replaces === false) continue;
    if (stock) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
    (stock ? replaced : added).push(config.kernelName);
    if (typeof javascript === 'function' ? javascript() : javascript) fallback.push(config.kernelName);
  }
  report = { replaced, added, fallback };
  return report;
}

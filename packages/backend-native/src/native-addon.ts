/** What `info()` of the compiled addon reports. */
export interface NativeAddonInfo {
  /** oneDNN version, e.g. `2.6.3`. */
  readonly onednn: string;
  /** Instruction set oneDNN dispatches to here, e.g. `avx2`, `avx512_core`. */
  readonly isa: string;
  /** oneDNN's threading runtime (`OpenMP` for Debian's build). */
  readonly runtime: string;
  /** Processors OpenMP sees. */
  readonly cpus: number;
}

/** Activation codes of `matmul` and `conv2dForward` (native/common.h). */
export const NATIVE_ACTIVATION = { linear: 0, relu: 1, leakyrelu: 2 } as const;
/** Binary op codes (native/elementwise.cc). */
export const NATIVE_BINARY = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 } as const;
/** Comparison op codes (native/elementwise.cc). */
export const NATIVE_COMPARE = { Greater: 0, GreaterEqual: 1, Less: 2, LessEqual: 3, Equal: 4, NotEqual: 5 } as const;
/** Unary op codes (native/elementwise.cc). */
export const NATIVE_UNARY = { Relu: 0, LeakyRelu: 1, Sqrt: 2, Square: 3, Neg: 4, Abs: 5, Exp: 6, Log: 7, Sigmoid: 8, Rsqrt: 9, Step: 10 } as const;
/** How the smaller operand of a binary op broadcasts (native/elementwise.cc). */
export const NATIVE_BROADCAST = { same: 0, scalarB: 1, scalarA: 2, rowB: 3, rowA: 4 } as const;

/**
 * The functions of `build/Release/nnlab_native.node`. Every output array is
 * allocated by the caller and only written; inputs are only read (tfjs'
 * reshape shares data, so writing an input would corrupt other tensors).
 */
export interface NativeAddon {
  info(): NativeAddonInfo;
  /**
   * glibc's `mallinfo2()` for the whole process, in bytes: `inUse` (allocated
   * and not freed, mmapped blocks included), `mmapped`, `free` (kept by malloc
   * for reuse); null where the C library has no `mallinfo2` (not glibc 2.33+).
   * What the soak reads as live native memory, beside the RSS.
   */
  mallocStats(): { inUse: number; mmapped: number; free: number } | null;
  /** Most threads per op; `adaptive` (default true) lets large GEMMs and convolutions time 1 thread against `threads` per shape and keep the faster. */
  setThreads(threads: number, adaptive?: boolean): void;
  /**
   * The adaptive thread choice replayed on given timings (tests): call i takes `oneThreadSeconds[i]`
   * on one thread and `parallelSeconds[i]` on `parallel`; returns the thread count picked per call.
   */
  simulateThreadChoice(parallel: number, oneThreadSeconds: Float64Array, parallelSeconds: Float64Array): Int32Array;
  /** Work per thread before another joins: kind 0 GEMM multiply-adds, 1 convolution multiply-adds, 2 elements (tuning). */
  setWorkPerThread(kind: number, value: number): void;
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array,
    batch: number, batchA: number, batchB: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean,
    bias: Float32Array | null, biasMode: number, activation: number, alpha: number,
  ): void;
  /** Returns oneDNN's implementation name, e.g. `jit:avx2`. */
  conv2dForward(x: Float32Array, filter: Float32Array, out: Float32Array, params: Int32Array, bias: Float32Array | null, activation: number, alpha: number): string;
  conv2dBackwardData(dy: Float32Array, filter: Float32Array, dx: Float32Array, params: Int32Array): string;
  conv2dBackwardFilter(x: Float32Array, dy: Float32Array, dfilter: Float32Array, params: Int32Array): string;
  maxPool(x: Float32Array, out: Float32Array, params: Int32Array): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, params: Int32Array): void;
  avgPool(x: Float32Array, out: Float32Array, params: Int32Array): void;
  avgPoolGrad(dy: Float32Array, dx: Float32Array, params: Int32Array): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, mode: number, row: number): void;
  /** Any broadcast: `shape` is the output's, strides are per output dimension in elements (0 where broadcast); rank 1..8. */
  binaryStrided(op: number, a: Float32Array, b: Float32Array, out: Float32Array, shape: Int32Array, aStrides: Int32Array, bStrides: Int32Array): void;
  compare(op: number, a: Float32Array, b: Float32Array, out: Uint8Array, mode: number, row: number): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  castBoolToFloat(x: Uint8Array, out: Float32Array): void;
  select(condition: Uint8Array, t: Float32Array, e: Float32Array, out: Float32Array): void;
  /** True when no value of `x` is NaN or +-Infinity (one vectorised pass over the exponent bits). */
  allFinite(x: Float32Array): boolean;
  /** m = m*beta1 + g*c1, v = v*beta2 + g*g*c2, direction = m / (sqrt(v) + epsilon) * scale (c1 = 1 - beta1, c2 = 1 - beta2). */
  adamUpdate(
    g: Float32Array, m: Float32Array, v: Float32Array, outM: Float32Array, outV: Float32Array, direction: Float32Array,
    beta1: number, c1: number, beta2: number, c2: number, epsilon: number, scale: number,
  ): void;
  /** sum = sum + g*g, direction = g / (sqrt(sum) + epsilon) * scale. */
  adagradUpdate(g: Float32Array, sum: Float32Array, outSum: Float32Array, direction: Float32Array, epsilon: number, scale: number): void;
  sum(x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number): void;
  /** dx = dy * (x > 0 ? 1 : 0) (native/activation-grad.cc). */
  reluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** Batch norm with the batch's statistics over the rows of a [rows, channels] activation (native/batch-norm.cc). */
  batchNormTrain(
    x: Float32Array, scale: Float32Array, offset: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array,
    rows: number, channels: number, epsilon: number,
  ): void;
  /** Its gradient with respect to x, scale and offset (the closed form). */
  batchNormTrainGrad(
    dy: Float32Array, x: Float32Array, scale: Float32Array, mean: Float32Array, variance: Float32Array,
    dx: Float32Array, dScale: Float32Array, dOffset: Float32Array, rows: number, channels: number, epsilon: number,
  ): void;
  /** loss[r] = -sum_c target[r,c] * logSoftmax(logits[r])_c over [rows, classes] (native/softmax-cross-entropy.cc). */
  softmaxCrossEntropy(logits: Float32Array, target: Float32Array, loss: Float32Array, rows: number, classes: number): void;
  /** dlogits = dy[r] * (softmax(logits[r]) * sum(target[r]) - target[r]). */
  softmaxCrossEntropyGrad(dy: Float32Array, logits: Float32Array, target: Float32Array, dlogits: Float32Array, rows: number, classes: number): void;
}

import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runWasmKernel } from './run-wasm-kernel.js';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The stock kernels, captured before ours replace them (they do the multiplying). */
const stock = new Map<string, { kernelFunc: tf.KernelFunc; setupFunc?: tf.KernelSetupFunc }>();

const batchOf = (shape: readonly number[]): number => shape.slice(0, -2).reduce((a, b) => a * b, 1);

/** `x` with its last two axes swapped, computed by the wasm `Transpose` kernel (memory-bound, cheap next to a GEMM). */
function swapLastAxes(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  return runWasmKernel(tf.Transpose, backend, { x }, { perm });
}

/** A view of `x` (same data, no copy) with its batch axes folded into the rows: [..., m, k] -> [rows, k]. */
const foldBatch = (x: tf.TensorInfo): tf.TensorInfo => ({
  dataId: x.dataId,
  dtype: x.dtype,
  shape: [x.shape.slice(0, -1).reduce((a, b) => a * b, 1), x.shape[x.shape.length - 1] as number],
});

/** Data ids already packed as XNNPACK weights (the stock kernel caches the operator by `b`'s id). */
const packed = new WeakSet<object>();

// Measured on the mlp shapes: XNNPACK packs fresh weights (`b`, transposing them on the fly) at
// ~7 ns per float; the wasm Transpose kernel moves ~0.6 ns per float.
const PACK = 7;
const MOVE = 0.6;

/**
 * Whether `a b` ([m, k] x [k, n]) is cheaper as `(b^T a^T)^T`. XNNPACK packs
 * its right operand whenever that operand is new, and training makes every
 * weight new each step; when `a` has fewer rows than `b` has columns
 * (a small batch times a wide layer) packing `a^T` and moving the rest
 * costs less than packing `b`. A `b` already packed (inference on fixed
 * weights) is never swapped.
 */
function swapIsCheaper(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, b: tf.TensorInfo): boolean {
  const cached = !transposeB && packed.has(b.dataId);
  const direct = (transposeA ? MOVE * m * k : 0) + (transposeB ? MOVE * k * n : 0) + (cached ? 0 : PACK * k * n);
  const swapped = (transposeB ? 0 : MOVE * k * n) + (transposeA ? 0 : MOVE * m * k) + PACK * k * m + MOVE * m * n;
  return swapped < 0.8 * direct;
}

/** `a b` computed as `(b^T a^T)^T` with the stock kernel (2-D `a` of [m, k] or, transposed, [k, m]). */
function swappedProduct(kernel: tf.KernelFunc, args: KernelArgs, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const temporaries: tf.TensorInfo[] = [];
  const left = transposeB ? b : swapLastAxes(backend, b); // [n, k]
  const right = transposeA ? a : swapLastAxes(backend, a); // [k, m]
  if (left !== b) temporaries.push(left);
  if (right !== a) temporaries.push(right);
  try {
    const view = (t: tf.TensorInfo): tf.TensorInfo => ({ dataId: t.dataId, dtype: t.dtype, shape: t.shape.slice(-2) });
    const product = kernel({ ...args, inputs: { a: view(left), b: view(right) }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
    temporaries.push(product);
    return runWasmKernel(tf.Transpose, backend, { x: product }, { perm: [1, 0] });
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/**
 * Runs the stock kernel `name` with both operands untransposed, which is the
 * only case stock tfjs-backend-wasm 4.22 sends to XNNPACK (its C++ falls back
 * to a scalar triple loop whenever `transposeA` or `transposeB` is set, or
 * when either operand has more than one batch). Transposed operands are
 * transposed first with the wasm `Transpose` kernel; when `b` has one batch,
 * `a`'s batch axes are folded into its rows so the product is one GEMM.
 * Everything else (a batched `b`) goes to the stock kernel unchanged.
 */
/** tfjs activation names -> the kernel that applies them after the product and bias. */
const ACTIVATIONS: Readonly<Record<string, string>> = {
  relu: tf.Relu,
  relu6: tf.Relu6,
  elu: tf.Elu,
  leakyrelu: tf.LeakyRelu,
  sigmoid: tf.Sigmoid,
  prelu: tf.Prelu,
};

/**
 * `_FusedMatMul` as its parts (product, bias added with broadcasting, then
 * the activation), for what the fused kernels get wrong: a bias that is not
 * one value per output column (stock XNNPACK read `columns` values from a
 * shorter bias, past its end) and an empty inner dimension.
 */
function unfusedMatMul(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { a, b, bias, preluActivationWeights } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };
  const temporaries: tf.TensorInfo[] = [];
  try {
    let out = routeToXnnpack(tf.BatchMatMul, { ...args, inputs: { a, b }, attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB } }) as tf.TensorInfo;
    if (bias !== undefined) {
      temporaries.push(out);
      out = runWasmKernel(tf.Add, backend, { a: out, b: bias });
    }
    const activation = attrs.activation ?? 'linear';
    if (activation !== 'linear') {
      const kernelName = ACTIVATIONS[activation];
      if (kernelName === undefined) throw new Error(`nnlab wasm _FusedMatMul: unknown activation "${activation}"`);
      temporaries.push(out);
      if (activation === 'prelu') {
        if (preluActivationWeights === undefined) throw new Error('nnlab wasm _FusedMatMul: prelu needs preluActivationWeights');
        out = runWasmKernel(kernelName, backend, { x: out, alpha: preluActivationWeights });
      } else {
        out = runWasmKernel(kernelName, backend, { x: out }, activation === 'leakyrelu' ? { alpha: attrs.leakyreluAlpha ?? 0.2 } : {});
      }
    }
    return out;
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/** A zero product for an empty inner dimension (XNNPACK left the output uninitialised). */
function zeroProduct(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, rows: number, columns: number): tf.TensorInfo {
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batchShape, rows, columns], 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  return out;
}

function routeToXnnpack(name: string, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const kernel = stock.get(name);
  if (kernel === undefined) throw new Error(`nnlab wasm ${name} needs the stock wasm kernel, which was not registered`);
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
  const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const bias = (args.inputs as { bias?: tf.TensorInfo }).bias;
  const columns = b.shape[b.shape.length - (attrs.transposeB ? 2 : 1)] as number;
  const inner = a.shape[a.shape.length - (attrs.transposeA ? 2 : 1)] as number;
  // XNNPACK reads one bias per output column.
  const biasFits = bias === undefined || tf.util.sizeFromShape(bias.shape) === columns;
  if (name === tf._FusedMatMul && (!biasFits || inner === 0)) return unfusedMatMul(args);
  if (inner === 0 && a.dtype === 'float32' && b.dtype === 'float32') {
    return zeroProduct(backend, a, b, a.shape[a.shape.length - (attrs.transposeA ? 1 : 2)] as number, columns);
  }
  const foldable = batchOf(b.shape) === 1 && biasFits && a.dtype === 'float32' && b.dtype === 'float32';
  if (!foldable) return kernel.kernelFunc(args);

  const rows = a.shape[a.shape.length - (attrs.transposeA ? 1 : 2)] as number;
  const depth = a.shape[a.shape.length - (attrs.transposeA ? 2 : 1)] as number;
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const folded = batchOf(a.shape) * rows;
  // Plain BatchMatMul only: _FusedMatMul's bias and activation follow the output's columns.
  const swappable = name === tf.BatchMatMul && (batchOf(a.shape) === 1 || !attrs.transposeA);
  if (swappable && swapIsCheaper(folded, depth, columns, attrs.transposeA, attrs.transposeB, b)) {
    const a2d = attrs.transposeA ? a : foldBatch(a);
    const out = swappedProduct(kernel.kernelFunc, args, a2d, b, attrs.transposeA, attrs.transposeB);
    return { ...out, shape: [...batchShape, rows, columns] };
  }
  if (!attrs.transposeB) packed.add(b.dataId);

  const temporaries: tf.TensorInfo[] = [];
  const aT = attrs.transposeA ? swapLastAxes(backend, a) : a;
  const bT = attrs.transposeB ? swapLastAxes(backend, b) : b;
  if (aT !== a) temporaries.push(aT);
  if (bT !== b) temporaries.push(bT);
  try {
    const bView = { dataId: bT.dataId, dtype: bT.dtype, shape: bT.shape.slice(-2) };
    const inputs = { ...args.inputs, a: foldBatch(aT), b: name === tf._FusedMatMul ? { ...bView, shape: [1, ...bView.shape] } : bView };
    // _FusedMatMul's kernel reads rank-3 shapes directly (the op reshapes before dispatch).
    if (name === tf._FusedMatMul) inputs.a = { ...inputs.a, shape: [1, ...inputs.a.shape] };
    const out = kernel.kernelFunc({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
    // Same data, shape restored to the batched result (stock kernels reshape their output the same way).
    return { ...out, shape: [...batchShape, rows, columns] };
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/** Remembers the stock `BatchMatMul` and `_FusedMatMul` before registerWasmKernels replaces them. */
export function captureStockMatMul(): void {
  for (const name of [tf.BatchMatMul, tf._FusedMatMul]) {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined || stock.has(name)) continue;
    stock.set(name, { kernelFunc: kernel.kernelFunc, ...(kernel.setupFunc === undefined ? {} : { setupFunc: kernel.setupFunc }) });
  }
}

function config(name: string): tf.KernelConfig {
  return {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: (args) => routeToXnnpack(name, args),
    // The stock kernel binds its C++ function in its setup; keep that.
    setupFunc: (backend) => stock.get(name)?.setupFunc?.(backend),
  };
}

/** Replacement `BatchMatMul` for wasm: transposed operands run on XNNPACK instead of stock's scalar loop. */
export const batchMatMulConfig: tf.KernelConfig = config(tf.BatchMatMul);

/** Replacement `_FusedMatMul` for wasm (`tf.fused.matMul`), routed the same way as {@link batchMatMulConfig}. */
export const fusedMatMulConfig: tf.KernelConfig = config(tf._FusedMatMul);

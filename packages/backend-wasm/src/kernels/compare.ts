import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Comparison } from './compare-code.js';
import { heapOffset, runSimd } from './simd-module.js';

/** Kernel name -> (comparison, the comparison with its operands swapped). */
const KERNELS: ReadonlyArray<[string, Comparison, Comparison]> = [
  [tf.Greater, 'greater', 'less'],
  [tf.GreaterEqual, 'greaterEqual', 'lessEqual'],
  [tf.Less, 'less', 'greater'],
  [tf.LessEqual, 'lessEqual', 'greaterEqual'],
  [tf.Equal, 'equal', 'equal'],
  [tf.NotEqual, 'notEqual', 'notEqual'],
];

const stock = new Map<string, { kernelFunc: tf.KernelFunc; setupFunc?: tf.KernelSetupFunc }>();

/**
 * A float32 comparison on wasm, as SIMD, when both operands have the same
 * size or one is a single number (the relu/leaky-relu gradients compare
 * every activation with 0). Stock tfjs-backend-wasm 4.22 runs comparisons
 * through a generic broadcasting loop at ~50x the cost of an add; other
 * dtypes and broadcasts still go to it.
 */
function compare(kernelName: string, op: Comparison, swapped: Comparison, args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as unknown as BackendWasm;
  const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [sizeA, sizeB] = [tf.util.sizeFromShape(a.shape), tf.util.sizeFromShape(b.shape)];
  const floats = a.dtype === 'float32' && b.dtype === 'float32';
  const sameShape = tf.util.arraysEqual(a.shape, b.shape);
  const scalarB = sizeB === 1 && b.shape.length <= a.shape.length;
  const scalarA = sizeA === 1 && a.shape.length <= b.shape.length;
  if (a.dtype === 'string' || b.dtype === 'string') {
    // Stock wasm compares the strings' heap ids and returns garbage.
    throw new Error(`nnlab wasm: ${kernelName} of string tensors is not implemented (tfjs-backend-wasm compares numbers only)`);
  }
  if (!floats || !(sameShape || scalarA || scalarB)) {
    const kernel = stock.get(kernelName);
    if (kernel === undefined) throw new Error(`nnlab wasm ${kernelName} needs the stock kernel for this input`);
    return kernel.kernelFunc(args) as tf.TensorInfo;
  }
  const shape = sameShape || scalarB ? a.shape : b.shape;
  const out = backend.makeOutput([...shape], 'bool');
  const n = tf.util.sizeFromShape(shape);
  if (sameShape) {
    runSimd(backend, `${op}_tensor`, heapOffset(backend, a), heapOffset(backend, b), heapOffset(backend, out), n);
  } else {
    // x op s, or s op x computed as x (swapped op) s.
    const [tensor, number, which] = scalarB ? [a, b, op] : [b, a, swapped];
    const value = (backend.typedArrayFromHeap(number) as Float32Array)[0] as number;
    runSimd(backend, `${which}_scalar`, heapOffset(backend, tensor), heapOffset(backend, out), n, value);
  }
  return out;
}

/** Remembers the stock comparison kernels before registerWasmKernels replaces them. */
export function captureStockComparisons(): void {
  for (const [name] of KERNELS) {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined || stock.has(name)) continue;
    stock.set(name, { kernelFunc: kernel.kernelFunc, ...(kernel.setupFunc === undefined ? {} : { setupFunc: kernel.setupFunc }) });
  }
}

/** Replacement `Greater`, `GreaterEqual`, `Less`, `LessEqual`, `Equal`, `NotEqual` for the `wasm` backend. */
export const comparisonConfigs: readonly tf.KernelConfig[] = KERNELS.map(([kernelName, op, swapped]) => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: (args) => compare(kernelName, op, swapped, args),
  // The stock kernel binds its C++ function in its setup; keep that for the fallback.
  setupFunc: (backend) => stock.get(kernelName)?.setupFunc?.(backend),
}));

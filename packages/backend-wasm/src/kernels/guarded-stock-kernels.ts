import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernels } from '../stock-wasm-kernels.js';
import { runWasmKernel } from './run-wasm-kernel.js';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The stock kernel's config, as tfjs-backend-wasm registered it (before nnlab replaced anything). */
function stockConfig(kernelName: string): tf.KernelConfig | undefined {
  return stockWasmKernels().find((config) => config.kernelName === kernelName);
}

/** A replacement that checks or adjusts a call, then runs the stock kernel (setup included). */
function guard(kernelName: string, check: (args: KernelArgs, stock: tf.KernelFunc) => tf.TensorInfo | tf.TensorInfo[]): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const stock = stockConfig(kernelName);
      if (stock === undefined) throw new Error(`nnlab wasm ${kernelName} needs the stock wasm kernel, which is not registered`);
      return check(args, stock.kernelFunc);
    },
    // The stock kernel binds its C++ function in its setup.
    setupFunc: (backend) => stockConfig(kernelName)?.setupFunc?.(backend),
  };
}

/**
 * `ClipByValue` that keeps NaN, as tfjs-backend-cpu does (stock wasm turns
 * NaN into the lower bound, which hides a diverged value).
 */
export const clipByValueConfig = guard(tf.ClipByValue, (args, stock) => {
  const backend = args.backend as unknown as BackendWasm;
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { clipValueMin, clipValueMax } = args.attrs as unknown as tf.ClipByValueAttrs;
  if (x.dtype !== 'float32') return stock(args);
  const out = backend.makeOutput([...x.shape], 'float32');
  // Views after makeOutput: allocating may grow (and move) the heap.
  const values = backend.typedArrayFromHeap(x);
  const result = backend.typedArrayFromHeap(out);
  if (result.length !== values.length) throw new Error(`nnlab wasm ClipByValue: output holds ${result.length} values, input ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    result[i] = v > clipValueMax ? clipValueMax : v < clipValueMin ? clipValueMin : v;
  }
  return out;
});

/**
 * `MaxPool` / `AvgPool`: a 1x1 window that keeps the shape returns the input,
 * as tfjs-backend-cpu does even with padding; stock wasm pools the padding and
 * returns uninitialised memory for windows that lie in it.
 */
function poolConfig(kernelName: string): tf.KernelConfig {
  return guard(kernelName, (args, stock) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolAttrs;
    if (x.shape.length === 4) {
      const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
      if (info.filterHeight === 1 && info.filterWidth === 1 && tf.util.arraysEqual(info.inShape, info.outShape)) {
        return runWasmKernel(tf.Identity, args.backend as unknown as BackendWasm, { x });
      }
    }
    return stock(args);
  });
}

export const maxPoolConfig = poolConfig(tf.MaxPool);
export const avgPoolConfig = poolConfig(tf.AvgPool);

/**
 * `Slice` that checks begin and size against the input first, as
 * tfjs-backend-cpu does: stock wasm copies whatever lies past the buffer.
 */
export const sliceConfig = guard(tf.Slice, (args, stock) => {
  const { x } = args.inputs as unknown as { x: tf.TensorInfo };
  const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
  const [parsedBegin, parsedSize] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
  tf.slice_util.assertParamsValid(x as tf.Tensor, parsedBegin, parsedSize);
  return stock(args);
});

/**
 * `Bincount` counts every value of `x` whatever its rank, as
 * tfjs-backend-cpu does (stock wasm made a [rows, size] result for rank 2
 * and up, from a count over the whole input).
 */
export const bincountConfig = guard(tf.Bincount, (args, stock) => {
  const { x, weights } = args.inputs as unknown as { x: tf.TensorInfo; weights: tf.TensorInfo };
  if (x.shape.length === 1) return stock(args);
  const flat = (t: tf.TensorInfo): tf.TensorInfo => ({ ...t, shape: [tf.util.sizeFromShape(t.shape)] });
  const hasWeights = tf.util.sizeFromShape(weights.shape) > 0;
  return stock({ ...args, inputs: { x: flat(x), weights: hasWeights ? flat(weights) : weights } });
});

/**
 * Kernels whose stock versions abort the whole wasm module (Emscripten's
 * `abort()`) on string tensors: a clear error instead, before any wasm runs.
 */
function numbersOnly(kernelName: string): tf.KernelConfig {
  return guard(kernelName, (args, stock) => {
    for (const input of Object.values(args.inputs)) {
      if (input?.dtype === 'string') throw new Error(`nnlab wasm: ${kernelName} of string tensors is not implemented (tfjs-backend-wasm has numeric kernels only)`);
    }
    return stock(args);
  });
}

export const tileConfig = numbersOnly(tf.Tile);
export const sparseToDenseConfig = numbersOnly(tf.SparseToDense);

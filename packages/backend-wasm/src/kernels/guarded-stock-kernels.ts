import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernels } from '../stock-wasm-kernels.js';
import { countJavascriptPath } from './javascript-paths.js';
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
 * tfjs-backend-cpu's 2-D pooling, on the heap in JavaScript: windows that lie
 * entirely in the padding give -Infinity (max) and NaN (avg, 0 / 0), as there.
 */
function poolInJavaScript(backend: BackendWasm, x: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, max: boolean): tf.TensorInfo {
  countJavascriptPath(max ? 'MaxPool' : 'AvgPool');
  const out = backend.makeOutput([...info.outShape], 'float32');
  const xs = backend.typedArrayFromHeap(x);
  const ys = backend.typedArrayFromHeap(out);
  if (ys.length !== tf.util.sizeFromShape(info.outShape) || xs.length !== tf.util.sizeFromShape(x.shape)) throw new Error('nnlab wasm pool: buffer sizes do not match the shapes');
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left } = info.padInfo;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const rowCorner = yR * strideHeight - top;
      const rowMin = Math.max(0, rowCorner);
      const rowMax = Math.min(inHeight, effectiveFilterHeight + rowCorner);
      for (let yC = 0; yC < outWidth; yC++) {
        const colCorner = yC * strideWidth - left;
        const colMin = Math.max(0, colCorner);
        const colMax = Math.min(inWidth, effectiveFilterWidth + colCorner);
        for (let d = 0; d < inChannels; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let total = 0;
          let count = 0;
          for (let r = rowMin; r < rowMax; r += info.dilationHeight) {
            for (let c = colMin; c < colMax; c += info.dilationWidth) {
              const v = xs[((b * inHeight + r) * inWidth + c) * inChannels + d] as number;
              if (max) {
                if (v > best) best = v;
              } else {
                total += v;
                count += 1;
              }
            }
          }
          ys[o++] = max ? best : total / count;
        }
      }
    }
  }
  return out;
}

/**
 * `MaxPool` / `AvgPool` with tfjs-backend-cpu's results where stock wasm
 * (XNNPACK) has none: a 1x1 window that keeps the shape returns the input (as
 * cpu does even with padding; stock returned uninitialised memory), and when
 * a window can lie entirely in the padding (padding as wide as the window)
 * the pooling runs in JavaScript (stock read out of bounds: "memory access
 * out of bounds" and a leaked output). Left as stock on purpose: a max pool
 * over NaN, where XNNPACK's result differs from tfjs-backend-cpu's (which
 * skips NaN); finding NaN would cost a pass over every input of every pool.
 */
function poolConfig(kernelName: string, max: boolean): tf.KernelConfig {
  return guard(kernelName, (args, stock) => {
    const backend = args.backend as unknown as BackendWasm;
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolAttrs;
    if (x.shape.length === 4 && x.dtype === 'float32') {
      const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
      if (info.filterHeight === 1 && info.filterWidth === 1 && tf.util.arraysEqual(info.inShape, info.outShape)) {
        return runWasmKernel(tf.Identity, backend, { x });
      }
      const { top, bottom, left, right } = info.padInfo;
      // Numeric or explicit padding: XNNPACK's pooling read and wrote out of bounds for some (found by the differential test).
      const explicit = typeof pad !== 'string';
      if (explicit || Math.max(top, bottom) >= info.effectiveFilterHeight || Math.max(left, right) >= info.effectiveFilterWidth) {
        return poolInJavaScript(backend, x, info, max);
      }
    }
    return stock(args);
  });
}

export const maxPoolConfig = poolConfig(tf.MaxPool, true);
export const avgPoolConfig = poolConfig(tf.AvgPool, false);

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

/**
 * `Maximum` / `Minimum` of float32 tensors of different shapes: NaN in
 * either operand gives NaN, as Math.max/min in tfjs-backend-cpu. Stock
 * wasm's broadcasting loop dropped NaN (its same-shape path keeps it).
 */
function nanKeepingExtremum(kernelName: string, pick: (a: number, b: number) => number): tf.KernelConfig {
  return guard(kernelName, (args, stock) => {
    const backend = args.backend as unknown as BackendWasm;
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || tf.util.arraysEqual(a.shape, b.shape)) return stock(args);
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = backend.makeOutput(shape, 'float32');
    const [as, bs, ys] = [backend.typedArrayFromHeap(a), backend.typedArrayFromHeap(b), backend.typedArrayFromHeap(out)];
    if (ys.length !== tf.util.sizeFromShape(shape)) throw new Error(`nnlab wasm ${kernelName}: output holds ${ys.length} values for shape [${shape}]`);
    const rank = shape.length;
    // Strides of each operand over the output's axes (0 where it broadcasts).
    const stridesOf = (inShape: readonly number[]): number[] => {
      const own = tf.util.computeStrides(inShape as number[]);
      return shape.map((_, axis) => {
        const inAxis = axis - (rank - inShape.length);
        return inAxis < 0 || inShape[inAxis] === 1 ? 0 : inAxis === inShape.length - 1 ? 1 : (own[inAxis] as number);
      });
    };
    const [sa, sb] = [stridesOf(a.shape), stridesOf(b.shape)];
    const index = new Array<number>(rank).fill(0);
    for (let i = 0; i < ys.length; i++) {
      let ia = 0;
      let ib = 0;
      for (let axis = 0; axis < rank; axis++) {
        ia += (index[axis] as number) * (sa[axis] as number);
        ib += (index[axis] as number) * (sb[axis] as number);
      }
      ys[i] = pick(as[ia] as number, bs[ib] as number);
      for (let axis = rank - 1; axis >= 0; axis--) {
        index[axis] = (index[axis] as number) + 1;
        if ((index[axis] as number) < (shape[axis] as number)) break;
        index[axis] = 0;
      }
    }
    return out;
  });
}

export const maximumConfig = nanKeepingExtremum(tf.Maximum, Math.max);
export const minimumConfig = nanKeepingExtremum(tf.Minimum, Math.min);

/** tfjs activation names -> the kernel that applies them. */
const ACTIVATIONS: Readonly<Record<string, string>> = { relu: tf.Relu, relu6: tf.Relu6, elu: tf.Elu, leakyrelu: tf.LeakyRelu, sigmoid: tf.Sigmoid, prelu: tf.Prelu };

/** tfjs-backend-cpu's NHWC 2-D convolution on the heap, in JavaScript (every window, dilation, any padding). */
function conv2dInJavaScript(backend: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  countJavascriptPath('Conv2D');
  const out = backend.makeOutput([...info.outShape], 'float32');
  const [xs, ws, ys] = [backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(filter), backend.typedArrayFromHeap(out)];
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  if (ys.length !== batchSize * outHeight * outWidth * outChannels || ws.length !== filterHeight * filterWidth * inChannels * outChannels || xs.length !== tf.util.sizeFromShape(x.shape)) {
    throw new Error('nnlab wasm Conv2D: buffer sizes do not match the convolution\'s shapes');
  }
  ys.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const o = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * info.strideHeight - info.padInfo.top + wR * info.dilationHeight;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * info.strideWidth - info.padInfo.left + wC * info.dilationWidth;
            if (xC < 0 || xC >= inWidth) continue;
            const xi = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wi = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const v = xs[xi + d1] as number;
              for (let d2 = 0; d2 < outChannels; d2++) ys[o + d2] = (ys[o + d2] as number) + v * (ws[wi + d1 * outChannels + d2] as number);
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Geometries stock wasm's XNNPACK convolution gets wrong: padding as wide as
 * the (dilated) filter, where a window can lie entirely in the padding
 * (tfjs' setup ignores XNNPACK's refusal and then reads out of bounds:
 * "memory access out of bounds"), and a stride larger than the filter (wrong
 * values), and numeric or explicit padding with a stride, a dilation or a
 * filter as large as the input (writes past the output, wrong values).
 * Found by the differential test (wasm-differential.test.ts); the CNN
 * layers' usual geometries ('same', or padding with stride 1) stay on XNNPACK.
 */
/**
 * The numeric/explicit padding XNNPACK got right in every differential case: stride 1, no
 * dilation, an odd filter smaller than the input, padding at most half the filter (what
 * nnlab's Conv2d layer passes for `padding: (k - 1) / 2`). Everything else with such padding wrote
 * past its output or computed wrong values in some case.
 */
export function explicitPaddingXnnpackGetsRight(info: tf.backend_util.Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  const fh = info.filterHeight;
  const fw = info.filterWidth;
  return (
    info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1 &&
    fh % 2 === 1 && fw % 2 === 1 && fh < info.inHeight && fw < info.inWidth &&
    Math.max(top, bottom) <= (fh - 1) / 2 && Math.max(left, right) <= (fw - 1) / 2
  );
}

function xnnpackCannotConvolve(info: tf.backend_util.Conv2DInfo, explicitPadding: boolean): boolean {
  const { top, bottom, left, right } = info.padInfo;
  return (
    (explicitPadding && !explicitPaddingXnnpackGetsRight(info)) ||
    Math.max(top, bottom) >= info.effectiveFilterHeight ||
    Math.max(left, right) >= info.effectiveFilterWidth ||
    info.strideHeight > info.filterHeight ||
    info.strideWidth > info.filterWidth
  );
}

/** `Conv2D` and `FusedConv2D`: NHWC float32 geometries XNNPACK cannot do run in JavaScript, the rest as stock. */
function convConfig(kernelName: string): tf.KernelConfig {
  return guard(kernelName, (args, stock) => {
    const backend = args.backend as unknown as BackendWasm;
    const { x, filter, bias, preluActivationWeights } = args.inputs as unknown as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
    if (x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 || attrs.dataFormat === 'NCHW') return stock(args);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode);
    const outSize = tf.util.sizeFromShape(info.outShape);
    // An empty output (tfjs-backend-cpu returns one, even when a dimension is negative): nothing to compute.
    if (outSize === 0) return backend.makeOutput([...info.outShape], 'float32');
    if (outSize < 0) {
      // The filter does not fit the padded input; stock would allocate a negative size.
      throw new Error(`${kernelName}: the (dilated) filter [${filter.shape}] does not fit the padded input [${x.shape}] (output [${info.outShape}])`);
    }
    if (!xnnpackCannotConvolve(info, typeof attrs.pad !== 'string')) return stock(args);
    let out = conv2dInJavaScript(backend, x, filter, info);
    const temporaries: tf.TensorInfo[] = [];
    try {
      if (bias !== undefined) {
        temporaries.push(out);
        out = runWasmKernel(tf.Add, backend, { a: out, b: bias });
      }
      const activation = attrs.activation ?? 'linear';
      if (kernelName === tf.FusedConv2D && activation !== 'linear') {
        const activationKernel = ACTIVATIONS[activation];
        if (activationKernel === undefined) throw new Error(`nnlab wasm FusedConv2D: unknown activation "${activation}"`);
        temporaries.push(out);
        out =
          activation === 'prelu'
            ? runWasmKernel(activationKernel, backend, { x: out, alpha: preluActivationWeights as tf.TensorInfo })
            : runWasmKernel(activationKernel, backend, { x: out }, activation === 'leakyrelu' ? { alpha: attrs.leakyreluAlpha ?? 0.2 } : {});
      }
      return out;
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  });
}

export const conv2dConfig = convConfig(tf.Conv2D);
export const fusedConv2dConfig = convConfig(tf.FusedConv2D);

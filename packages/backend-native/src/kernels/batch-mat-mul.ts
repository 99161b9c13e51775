import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_ACTIVATION } from '../native-addon.js';
import { float32Of, type KernelArgs, type NativeKernel, outputFloat32, sizeOf } from './kernel-support.js';
import type { NativeAddon } from '../native-addon.js';

interface Epilogue {
  readonly bias?: tf.TensorInfo;
  readonly activation: number;
  readonly alpha: number;
}

/** Bias that adds one row of n values (shape [..1, n]) or one scalar; anything else falls back. */
function biasMode(bias: tf.TensorInfo, n: number): number | undefined {
  if (sizeOf(bias.shape) === 1) return 2;
  const last = bias.shape[bias.shape.length - 1];
  return last === n && sizeOf(bias.shape) === n ? 1 : undefined;
}

function matMul(args: KernelArgs, addon: NativeAddon, epilogue: Epilogue): tf.TensorInfo | undefined {
  const { inputs, backend, attrs } = args;
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  const aValues = float32Of(backend, a);
  const bValues = float32Of(backend, b);
  if (a === undefined || b === undefined || aValues === undefined || bValues === undefined) return undefined;
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  if (rankA < 2 || rankB < 2) return undefined;
  const m = (transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2]) as number;
  const k = (transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1]) as number;
  const kB = (transposeB ? b.shape[rankB - 1] : b.shape[rankB - 2]) as number;
  const n = (transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1]) as number;
  if (k !== kB) return undefined; // the cpu kernel throws the proper error
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
  const batch = sizeOf(outer);
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  // Only "same batch" or "one side is a single matrix" maps to strided GEMMs.
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  let biasValues: Float32Array | null = null;
  let mode = 0;
  if (epilogue.bias !== undefined) {
    const values = float32Of(backend, epilogue.bias);
    const found = biasMode(epilogue.bias, n);
    if (values === undefined || found === undefined) return undefined;
    biasValues = values;
    mode = found;
  }
  const outShape = [...outer, m, n];
  const out = outputFloat32(backend, batch * m * n);
  if (out.length > 0) {
    addon.matmul(aValues, bValues, out, batch, batchA, batchB, m, n, k, transposeA, transposeB, biasValues, mode, epilogue.activation, epilogue.alpha);
  }
  return backend.makeTensorInfo(outShape, 'float32', out);
}

/** `BatchMatMul` on oneDNN's sgemm: float32, any rank, batch dims equal or one side unbatched. */
export const batchMatMulKernel: NativeKernel = {
  kernelName: tf.BatchMatMul,
  impl: (args, addon) => matMul(args, addon, { activation: NATIVE_ACTIVATION.linear, alpha: 0 }),
};

/**
 * `_FusedMatMul` (what `tf.fused.matMul` and nnlab's `Linear` dispatch):
 * sgemm plus a bias row and linear/relu/leakyrelu in one pass over the
 * output. PReLU and other activations fall back.
 */
export const fusedMatMulKernel: NativeKernel = {
  kernelName: tf._FusedMatMul,
  impl: (args, addon) => {
    const { activation = 'linear', leakyreluAlpha } = args.attrs as unknown as tf._FusedMatMulAttrs;
    if (args.inputs.preluActivationWeights !== undefined) return undefined;
    const code = (NATIVE_ACTIVATION as Record<string, number>)[activation];
    if (code === undefined) return undefined;
    const bias = args.inputs.bias;
    return matMul(args, addon, { ...(bias === undefined ? {} : { bias }), activation: code, alpha: leakyreluAlpha ?? 0.2 });
  },
};

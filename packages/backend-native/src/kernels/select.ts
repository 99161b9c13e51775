import * as tf from '@tensorflow/tfjs-core';
import { boolOf, float32Of, type NativeKernel, outputFloat32 } from './kernel-support.js';

/**
 * `Select` (`tf.where`) with a bool condition of the same shape as two
 * float32 branches: the LeakyReLU gradient's path. Row-wise conditions and
 * other dtypes fall back.
 */
export const selectKernel: NativeKernel = {
  kernelName: tf.Select,
  impl: ({ inputs, backend }, addon) => {
    const { condition, t, e } = inputs;
    const c = boolOf(backend, condition);
    const tValues = float32Of(backend, t);
    const eValues = float32Of(backend, e);
    if (condition === undefined || t === undefined || e === undefined || c === undefined || tValues === undefined || eValues === undefined) return undefined;
    if (!tf.util.arraysEqual(condition.shape, t.shape) || !tf.util.arraysEqual(t.shape, e.shape)) return undefined;
    const out = outputFloat32(backend, tValues.length);
    addon.select(c, tValues, eValues, out);
    return backend.makeTensorInfo([...t.shape], 'float32', out);
  },
};

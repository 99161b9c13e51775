import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single, unbroadcast } from './unbroadcast.js';

/**
 * Gradient of `BatchMatMul` for the four transpose combinations. With
 * C = op(A) op(B): dA = dC op(B)^T (transposed back if A was), likewise
 * for B; batch dimensions that were broadcast are summed away.
 */
export const matMulGradientConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const a = savedAt(saved, 0, tf.BatchMatMul);
      const b = savedAt(saved, 1, tf.BatchMatMul);
      const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
      const g = single(dy);
      const da = (): tf.Tensor =>
        transposeA ? tf.matMul(b, g, transposeB, true) : tf.matMul(g, b, false, !transposeB);
      const db = (): tf.Tensor =>
        transposeB ? tf.matMul(g, a, true, transposeA) : tf.matMul(a, g, !transposeA, false);
      return { a: () => unbroadcast(da(), a.shape), b: () => unbroadcast(db(), b.shape) };
    },
  },
];

import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@nnlab/core';

/**
 * Turns classification targets into a float `[N, C]` distribution: int32
 * class indices `[N]` become one-hot rows, float `[N, C]` targets are used as
 * given. Shared by `crossEntropy` and `nllLoss`.
 */
export function classTargets(lossName: string, scores: tf.Tensor, target: tf.Tensor, allowProbabilities: boolean): tf.Tensor {
  const describe = (t: tf.Tensor): string => `${t.dtype} [${t.shape.join(', ')}]`;
  if (scores.rank !== 2 || scores.dtype !== 'float32') {
    throw new ShapeMismatchError(`${lossName}: input must be float32 [N, C], got ${describe(scores)}`);
  }
  const [n, classes] = scores.shape as [number, number];
  if (target.dtype === 'int32' && target.rank === 1 && target.shape[0] === n) {
    return tf.oneHot(target as tf.Tensor1D, classes, 1, 0, 'float32');
  }
  if (allowProbabilities && target.dtype === 'float32' && tf.util.arraysEqual(target.shape, scores.shape)) {
    return target;
  }
  const expected = allowProbabilities
    ? `int32 class indices [${n}] or float32 probabilities [${n}, ${classes}]`
    : `int32 class indices [${n}]`;
  throw new ShapeMismatchError(`${lossName}: input is ${describe(scores)}, so target must be ${expected}; got ${describe(target)}`);
}

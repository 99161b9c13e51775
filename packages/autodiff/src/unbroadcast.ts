import * as tf from '@tensorflow/tfjs-core';

/**
 * Reduces a gradient computed at a broadcast output shape back to the shape
 * of one input: sums over the axes broadcasting expanded, then reshapes
 * (which also drops the leading axes broadcasting prepended).
 */
export function unbroadcast(gradient: tf.Tensor, inputShape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(inputShape as number[], gradient.shape);
  const summed = axes.length > 0 ? tf.sum(gradient, axes) : gradient;
  return tf.reshape(summed, inputShape as number[]);
}

/** The single upstream gradient of a one-output kernel. */
export function single(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(dy)) {
    const first = dy[0];
    if (first === undefined) throw new Error('gradient function received no upstream gradient');
    return first;
  }
  return dy;
}

/** The saved tensor at `index`, with a clear error if the kernel saved fewer. */
export function savedAt(saved: readonly tf.Tensor[], index: number, kernelName: string): tf.Tensor {
  const tensor = saved[index];
  if (tensor === undefined) {
    throw new Error(`gradient of ${kernelName}: expected saved tensor #${index}, got ${saved.length} saved tensors`);
  }
  return tensor;
}

import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '@nnlab/layers';
import { withEvalMode } from './evaluate.js';

/**
 * Class probabilities (softmax of the model's logits) for inputs `x`, with
 * the model in eval mode. Nothing is read back; the caller owns the returned
 * tensor (read it with `await probabilities.data()`).
 *
 * @example
 * const probabilities = predict(model, images); // [N, 10]
 */
export function predict(model: Module, x: tf.Tensor): tf.Tensor {
  return withEvalMode(model, () => tf.tidy(() => tf.softmax(model.forward(x))));
}

/**
 * Predicted class index for each input, read back asynchronously.
 *
 * @example
 * const classes = await predictClasses(model, images); // Int32Array of N
 */
export async function predictClasses(model: Module, x: tf.Tensor): Promise<Int32Array> {
  const classes = withEvalMode(model, () => tf.tidy(() => tf.argMax(model.forward(x), -1)));
  try {
    return Int32Array.from(await classes.data());
  } finally {
    classes.dispose();
  }
}

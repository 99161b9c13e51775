import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '@nnlab/layers';
import { withEvalMode } from './evaluate.js';

/**
 * Class probabilities (softmax of the model's logits) for inputs `x`, with
 * the model in eval mode. The caller owns the returned tensor.
 *
 * @example
 * const probabilities = predict(model, images); // [N, 10]
 */
export function predict(model: Module, x: tf.Tensor): tf.Tensor {
  return withEvalMode(model, () => tf.tidy(() => tf.softmax(model.forward(x))));
}

/** Predicted class index for each input, as a plain array. */
export function predictClasses(model: Module, x: tf.Tensor): Int32Array {
  return withEvalMode(model, () => {
    const classes = tf.tidy(() => tf.argMax(model.forward(x), -1));
    const out = classes.dataSync() as Int32Array;
    classes.dispose();
    return Int32Array.from(out);
  });
}

import * as tf from '@tensorflow/tfjs-core';
import type { Module } from '@nnlab/layers';
import { checkModelInput, type ModelInput, perChannel } from './model-input.js';
import { imageShape, type Predictor } from './predictor.js';

/** Examples per forward pass: bounds memory on a 10,000-image test split. */
const BATCH = 256;

/**
 * A {@link Predictor} for an nnlab model in memory (a trained one, or a
 * checkpoint's): applies `input.normalization` to the pixels, then
 * `softmax(model.forward(x))`, 256 examples at a time, on the active backend.
 * The predictor does not own the model: `dispose()` leaves it alone.
 *
 * @example
 * const predictor = modelPredictor(model, { inputShape: [28, 28, 1], normalization: { mean: [0.1307], std: [0.3081] } });
 * const { probabilities, classes } = await predictor.predict(pixels, 1); // pixels: 784 values in [0, 1]
 */
export function modelPredictor(model: Module, input: ModelInput, options: { readonly source?: string } = {}): Predictor {
  checkModelInput('modelPredictor', input);
  const source = options.source ?? 'model';
  const shape = imageShape(input.inputShape, source);
  const exampleSize = shape[0] * shape[1] * shape[2];
  const normalization = input.normalization;
  return {
    kind: 'model',
    source,
    inputShape: shape,
    classNames: input.classNames,
    async predict(pixels, count) {
      const parts: Float32Array[] = [];
      let classes = 0;
      for (let start = 0; start < count; start += BATCH) {
        const size = Math.min(BATCH, count - start);
        const probabilities = tf.tidy(() => {
          let x: tf.Tensor = tf.tensor(pixels.subarray(start * exampleSize, (start + size) * exampleSize), [size, ...input.inputShape]);
          if (normalization !== null) {
            const mean = perChannel(normalization.mean, shape[2]);
            const std = perChannel(normalization.std, shape[2]);
            x = tf.mul(tf.sub(x, tf.tensor1d(mean)), tf.tensor1d(std.map((s) => 1 / s)));
          }
          return tf.softmax(model.forward(x));
        });
        classes = probabilities.shape[1] as number;
        parts.push((await probabilities.data()) as Float32Array);
        probabilities.dispose();
      }
      const all = new Float32Array(count * classes);
      let offset = 0;
      for (const part of parts) {
        all.set(part, offset);
        offset += part.length;
      }
      return { probabilities: all, classes };
    },
    dispose() {},
  };
}

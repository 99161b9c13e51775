import * as tf from '@tensorflow/tfjs-core';
import type { BackendProvider } from '@nnlab/core';
import { loadCheckpointModel } from '../load-checkpoint-model.js';
import { imageShape, type Predictor } from './predictor.js';

/** Examples per forward pass: bounds memory on a 10,000-image test split. */
const BATCH = 256;

/** A {@link Predictor} for a checkpoint: its model, with training's normalisation applied first. */
export async function checkpointPredictor(path: string, backends: readonly BackendProvider[], backendName: string): Promise<Predictor> {
  const loaded = await loadCheckpointModel(path, { backends, backendName, purpose: 'predict', requireInput: true });
  const input = loaded.input!;
  const shape = imageShape(input.shape, loaded.directory);
  const channels = shape[2];
  const normalization = input.normalization;
  return {
    kind: 'checkpoint',
    source: `${loaded.directory} (${loaded.spec.text}, backend ${loaded.backend})`,
    inputShape: shape,
    classNames: input.classNames,
    async predict(pixels, count) {
      const parts: Float32Array[] = [];
      let classes = 0;
      for (let start = 0; start < count; start += BATCH) {
        const size = Math.min(BATCH, count - start);
        const probabilities = tf.tidy(() => {
          let x: tf.Tensor = tf.tensor(pixels.subarray(start * shape[0] * shape[1] * channels, (start + size) * shape[0] * shape[1] * channels), [size, ...input.shape]);
          if (normalization !== null) {
            const mean = normalization.mean.length === channels ? [...normalization.mean] : new Array<number>(channels).fill(normalization.mean[0] as number);
            const std = normalization.std.length === channels ? [...normalization.std] : new Array<number>(channels).fill(normalization.std[0] as number);
            x = tf.mul(tf.sub(x, tf.tensor1d(mean)), tf.tensor1d(std.map((s) => 1 / s)));
          }
          return tf.softmax(loaded.model.forward(x));
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
    dispose() {
      loaded.model.dispose();
    },
  };
}

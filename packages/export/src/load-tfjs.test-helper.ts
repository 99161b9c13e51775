import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { TfjsLayersModelFiles } from './export-tfjs.js';

/** Loads exported files with tfjs-layers' own `loadLayersModel` (from memory: Node has no file:// loader without tfjs-node). */
export async function loadTfjs(files: TfjsLayersModelFiles): Promise<tfl.LayersModel> {
  const json = JSON.parse(files.modelJson) as { modelTopology: object; weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }> };
  const weights = files.weights;
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
    }),
  );
}

/** Log of the tfjs model's probabilities for `pixels`. */
export function tfjsLogProbabilities(model: tfl.LayersModel, pixels: Float32Array, shape: number[]): Float32Array {
  return tf.tidy(() => tf.log(model.predict(tf.tensor(pixels, shape)) as tf.Tensor).dataSync() as Float32Array);
}

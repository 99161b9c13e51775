import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { buildModel, parseModelSpec } from '@nnlab/models';
import { decodeSafetensors, fromSafetensorsTensor, fromTorchStateDict, parseCheckpointMetadata } from '@nnlab/checkpoint';

/** A model loaded from files dropped on the page, ready to classify drawn digits. */
export interface DroppedModel {
  /** What was loaded, for the page (`cnn from checkpoint.json, trained on mnist-10k`). */
  readonly description: string;
  /** Class probabilities for one 28x28 grey image, pixels in [0, 1]. */
  predict(pixels: Float32Array): Promise<Float32Array>;
  dispose(): void;
}

const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Loads an nnlab checkpoint from the two files of one `checkpoint-N` folder
 * (`checkpoint.json` and `model.safetensors`, as `nnlab train --save` writes
 * them): checks the model file's SHA-256, builds the model the metadata
 * names, loads the weights and applies the normalisation training used.
 * Throws an Error with a message for the page when the files are not that.
 */
export async function loadDroppedCheckpoint(files: readonly File[]): Promise<DroppedModel> {
  const metadataFile = files.find((file) => file.name.endsWith('.json'));
  const modelFile = files.find((file) => file.name.endsWith('.safetensors'));
  if (metadataFile === undefined || modelFile === undefined) {
    throw new Error(`drop both checkpoint.json and model.safetensors from one checkpoint-N folder (got ${files.map((f) => f.name).join(', ') || 'no files'})`);
  }
  const metadata = parseCheckpointMetadata(await metadataFile.text(), metadataFile.name);
  const bytes = new Uint8Array(await modelFile.arrayBuffer());
  const digest = hex(await crypto.subtle.digest('SHA-256', bytes));
  if (digest !== metadata.files['model.safetensors'].sha256) throw new Error(`${modelFile.name} is not the model file ${metadataFile.name} describes (SHA-256 differs)`);
  if (metadata.model === null) throw new Error(`${metadataFile.name} does not record its model string`);
  const input = metadata.input;
  if (input === undefined) throw new Error(`${metadataFile.name} does not record the normalisation its model was trained with (an older nnlab wrote it); train again with this nnlab`);
  if (input.shape.reduce((a, b) => a * b, 1) !== 784) throw new Error(`the model takes [${input.shape.join(', ')}], not 28x28 grey digits`);
  const spec = parseModelSpec(metadata.model);
  const model: Module = buildModel(spec, { rng: new Rng(0) });
  const dict: Record<string, tf.Tensor> = {};
  try {
    for (const [name, entry] of decodeSafetensors(bytes, modelFile.name).tensors) dict[name] = fromSafetensorsTensor(name, entry, modelFile.name);
    const converted = fromTorchStateDict(model, dict, modelFile.name);
    model.loadStateDict(converted, { strict: true });
    tf.dispose(Object.values(converted));
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(dict));
  }
  model.eval();
  const normalization = input.normalization;
  return {
    description: `${spec.text} from ${metadataFile.name} (epoch ${metadata.position.epoch}${input.dataset === undefined ? '' : `, trained on ${input.dataset}`})`,
    async predict(pixels) {
      const probabilities = tf.tidy(() => {
        let x: tf.Tensor = tf.tensor4d(pixels, [1, 28, 28, 1]);
        if (normalization !== null) x = tf.div(tf.sub(x, normalization.mean[0] as number), normalization.std[0] as number);
        return tf.softmax(model.forward(x));
      });
      const values = (await probabilities.data()) as Float32Array;
      probabilities.dispose();
      return values;
    },
    dispose: () => model.dispose(),
  };
}

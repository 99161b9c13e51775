import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, DataFormatError, InvalidArgumentError } from '@nnlab/core';
import { Module } from '@nnlab/layers';
import { decodeSafetensors } from './decode-safetensors.js';
import { fromSafetensorsTensor } from './tensor-codec.js';
import { fromTorchStateDict } from './torch-state-dict.js';

/**
 * Loads a checkpoint's `model.safetensors` (PyTorch names and layout, as
 * `encodeCheckpoint`, `saveCheckpoint` and `nnlab train --save` write it, or
 * PyTorch's `safetensors.torch.save_file(model.state_dict())` for the same
 * architecture) into `model`: every parameter and buffer must be there with
 * its shape, and finite. Nothing changes unless all of it fits. Runs in Node
 * and browsers (a page's upload or drop).
 *
 * @param source the file name, for messages
 * @throws CheckpointError naming the file and every missing, unexpected, mis-shaped or non-finite tensor, or why it is not safetensors.
 * @example
 * loadModelSafetensors(model, new Uint8Array(await file.arrayBuffer()), file.name);
 */
export function loadModelSafetensors(model: Module, bytes: Uint8Array, source: string): void {
  if (!(model instanceof Module)) throw new InvalidArgumentError('loadModelSafetensors: model must be a Module');
  let tensors;
  try {
    tensors = decodeSafetensors(bytes, source).tensors;
  } catch (error) {
    if (error instanceof DataFormatError) throw new CheckpointError(error.message, { cause: error });
    throw error;
  }
  const nonFinite = [...tensors].filter(([, entry]) => (entry.data instanceof Float32Array || entry.data instanceof Float64Array) && !entry.data.every(Number.isFinite));
  if (nonFinite.length > 0) throw new CheckpointError(`${source}: ${nonFinite.map(([name]) => name).slice(0, 4).join(', ')} hold NaN or infinite values`);
  const dict: Record<string, tf.Tensor> = {};
  try {
    for (const [name, entry] of tensors) dict[name] = fromSafetensorsTensor(name, entry, source);
    const converted = fromTorchStateDict(model, dict, source);
    try {
      model.loadStateDict(converted, { strict: true });
    } finally {
      tf.dispose(Object.values(converted));
    }
  } finally {
    tf.dispose(Object.values(dict));
  }
}

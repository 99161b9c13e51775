import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '@nnlab/core';
import { listLayers, type Module } from '@nnlab/layers';
import { decodeSafetensors, fromSafetensorsTensor, fromTorchStateDict } from '@nnlab/checkpoint';
import { flattenFeatureOrders, inverseOrder } from './torch/flatten-feature-orders.js';

/**
 * Loads a PyTorch `state_dict` saved as safetensors (`safetensors.torch.save_file`,
 * or what {@link exportTorch} wrote) into the matching nnlab model: PyTorch
 * names and layouts are converted (Linear `[out, in]`, Conv2d OIHW, the
 * (c, h, w) features after a Flatten back to nnlab's (h, w, c)). Every
 * missing, unexpected or mis-shaped tensor is named in a `CheckpointError`
 * before anything changes.
 *
 * @param inputShape one example, channels last (`[28, 28, 1]`), to find the Flattens of images
 * @param source the file name, for messages
 * @example
 * const model = buildModel('cnn', { rng: new Rng(0) });
 * importTorch(model, await readFile('torch-cnn.safetensors'), [28, 28, 1], 'torch-cnn.safetensors');
 */
export function importTorch(model: Module, bytes: Uint8Array, inputShape: readonly number[], source: string): void {
  const reorders = flattenFeatureOrders(listLayers(model, inputShape, 'importTorch'), 'importTorch');
  const contents = decodeSafetensors(bytes, source);
  const dict: Record<string, tf.Tensor> = {};
  try {
    for (const [name, entry] of contents.tensors) {
      const tensor = fromSafetensorsTensor(name, entry, source);
      const reorder = reorders.get(name);
      if (reorder === undefined || tensor.shape[reorder.axis] !== reorder.order.length) {
        dict[name] = tensor;
      } else {
        dict[name] = tf.tidy(() => tf.gather(tensor, inverseOrder(reorder.order), reorder.axis));
        tensor.dispose();
      }
    }
    const converted = fromTorchStateDict(model, dict, source);
    try {
      model.loadStateDict(converted, { strict: true });
    } finally {
      tf.dispose(Object.values(converted));
    }
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`${source}: ${(error as Error).message}`, { cause: error });
  } finally {
    tf.dispose(Object.values(dict));
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@nnlab/core';
import { listLayers, LogSoftmax, type Module, Softmax } from '@nnlab/layers';
import { checkModelInput, type ModelInput, perChannel } from './model-input.js';
import { emitTfjsLayer, type TfjsLayerOutput } from './tfjs/emit-tfjs-layer.js';
import type { TfjsLayerConfig, TfjsWeightSpec } from './tfjs/tfjs-layer-config.js';

/** The weight file `model.json` points at (one shard: tfjs loads any size; browsers cache it as one file). */
export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

/** Options of {@link exportTfjs}. */
export interface ExportTfjsOptions extends ModelInput {
  /** Model name recorded in `model.json` (default `nnlab_model`). */
  readonly name?: string;
}

/** What {@link exportTfjs} returns: the two files of a TensorFlow.js LayersModel. */
export interface TfjsLayersModelFiles {
  /** The text of `model.json` (topology and weights manifest). */
  readonly modelJson: string;
  /** The bytes of {@link TFJS_WEIGHTS_FILE}, little-endian float32. */
  readonly weights: Uint8Array;
  /** Both, by file name, for writing side by side. */
  readonly files: Readonly<Record<string, Uint8Array>>;
}

/**
 * Exports a trained model as a TensorFlow.js LayersModel (`model.json` plus
 * one weight shard) that `@tensorflow/tfjs-layers`' `loadLayersModel` loads
 * in browsers and Node. It takes float32 pixels in [0, 1],
 * `[batch, ...inputShape]`, channels last (tfjs' own layout, so weights are
 * copied unchanged); training's normalisation is its first layer (a 1x1
 * depthwise convolution: `x * (1 / std[c]) - mean[c] / std[c]`); its output
 * is the class probabilities (a Sequential model has one output, so no
 * logits: a final `Softmax` stays, a final `LogSoftmax` becomes a softmax,
 * otherwise one is appended). Dropout and Identity are removed. Unsupported
 * layers, and max pooling with padding (tfjs pads with zeros, not
 * -infinity), are an `InvalidArgumentError` naming the layer.
 *
 * @example
 * const { files } = await exportTfjs(model, { inputShape: [28, 28, 1], normalization: { mean: [0.1307], std: [0.3081] } });
 * // write files['model.json'] and files['group1-shard1of1.bin'] into one folder, then tf.loadLayersModel('.../model.json')
 */
export async function exportTfjs(model: Module, options: ExportTfjsOptions): Promise<TfjsLayersModelFiles> {
  checkModelInput('exportTfjs', options);
  const entries = listLayers(model, options.inputShape, 'exportTfjs');
  const outputShape = entries.at(-1)?.outputShape ?? [1, ...options.inputShape];
  if (outputShape.length !== 2) throw new InvalidArgumentError(`exportTfjs: the model must output [N, classes], got [${outputShape.join(', ')}] for one example`);
  const layers: TfjsLayerConfig[] = [{ class_name: 'InputLayer', config: { name: 'pixels', batch_input_shape: [null, ...options.inputShape], dtype: 'float32', sparse: false } }];
  const weights: TfjsLayerOutput['weights'] = [];
  const owned: tf.Tensor[] = [];
  if (options.normalization !== null) {
    const channels = options.inputShape[options.inputShape.length - 1] as number;
    const mean = perChannel(options.normalization.mean, channels);
    const scale = perChannel(options.normalization.std, channels).map((s) => 1 / s);
    if (options.inputShape.length !== 3) throw new InvalidArgumentError('exportTfjs: normalisation is exported for image inputs [height, width, channels] only');
    layers.push({
      class_name: 'DepthwiseConv2D',
      config: { name: 'normalization', trainable: false, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', depth_multiplier: 1, data_format: 'channels_last', activation: 'linear', use_bias: true },
    });
    const kernel = tf.tensor4d(scale, [1, 1, channels, 1]);
    const bias = tf.tensor1d(mean.map((m, c) => -m * (scale[c] as number)));
    owned.push(kernel, bias);
    weights.push({ layer: 'normalization', name: 'depthwise_kernel', tensor: kernel }, { layer: 'normalization', name: 'bias', tensor: bias });
  }
  try {
    for (const [index, entry] of entries.entries()) {
      const out = emitTfjsLayer(entry, index === entries.length - 1);
      layers.push(...out.layers);
      weights.push(...out.weights);
    }
    const last = entries.at(-1)?.layer;
    if (!(last instanceof Softmax) && !(last instanceof LogSoftmax)) layers.push({ class_name: 'Activation', config: { name: 'probabilities', trainable: false, activation: 'softmax' } });

    const specs: TfjsWeightSpec[] = [];
    const chunks: Float32Array[] = [];
    for (const weight of weights) {
      const values = 'fill' in weight.tensor ? new Float32Array(weight.tensor.shape.reduce((a, b) => a * b, 1)).fill(weight.tensor.fill) : ((await weight.tensor.data()) as Float32Array);
      specs.push({ name: `${weight.layer}/${weight.name}`, shape: weight.tensor.shape, dtype: 'float32' });
      chunks.push(values);
    }
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const bytes = new Uint8Array(total * 4);
    const view = new DataView(bytes.buffer);
    let offset = 0;
    for (const chunk of chunks) for (let i = 0; i < chunk.length; i++, offset += 4) view.setFloat32(offset, chunk[i] as number, true);

    const modelJson = JSON.stringify({
      format: 'layers-model',
      generatedBy: 'nnlab',
      convertedBy: null,
      modelTopology: { class_name: 'Sequential', config: { name: options.name ?? 'nnlab_model', layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: specs }],
      userDefinedMetadata: {
        nnlab: { input: 'float32 pixels in [0, 1], channels last', inputShape: options.inputShape, normalization: options.normalization, ...(options.classNames === undefined ? {} : { classNames: options.classNames }) },
      },
    });
    return { modelJson, weights: bytes, files: { 'model.json': new TextEncoder().encode(modelJson), [TFJS_WEIGHTS_FILE]: bytes } };
  } finally {
    tf.dispose(owned);
  }
}

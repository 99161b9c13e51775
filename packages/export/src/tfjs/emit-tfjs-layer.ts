import type * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@nnlab/core';
import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  BatchNormBase,
  Conv2d,
  Dropout,
  Flatten,
  Identity,
  layerType,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool2d,
  type ModelLayer,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nnlab/layers';
import type { TfjsLayerConfig } from './tfjs-layer-config.js';

/** A layer to write and the tensors of its weights, in the order tfjs-layers creates them. */
export interface TfjsLayerOutput {
  readonly layers: TfjsLayerConfig[];
  readonly weights: Array<{ readonly layer: string; readonly name: string; readonly tensor: tf.Tensor | { shape: number[]; fill: number } }>;
}

/** Names of the layer types the TensorFlow.js export writes. */
export const TFJS_LAYER_TYPES = ['Linear', 'Conv2d', 'MaxPool2d (no padding)', 'AvgPool2d', 'BatchNorm1d', 'BatchNorm2d', 'Dropout', 'Identity', 'Flatten', 'ReLU', 'LeakyReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax (last)'] as const;

function refuse(entry: ModelLayer, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`exportTfjs: layer ${entry.path} (${layerType(entry.layer)}) ${why}`);
}

/**
 * The Keras layers (tfjs-layers class names and snake_case configs) for one
 * nnlab layer in eval form. Both libraries are channels last and flatten in
 * (h, w, c) order, and tfjs' Dense kernel is `[in, out]` and Conv2D's HWIO,
 * as nnlab's: weights are copied as they are.
 */
export function emitTfjsLayer(entry: ModelLayer, isLast: boolean): TfjsLayerOutput {
  const { layer } = entry;
  const name = `layer${entry.path.replaceAll('.', '_')}`;
  const one = (class_name: string, config: Record<string, unknown> = {}): TfjsLayerOutput => ({ layers: [{ class_name, config: { name, trainable: false, ...config } }], weights: [] });
  if (layer instanceof Dropout || layer instanceof Identity) return { layers: [], weights: [] };
  if (layer instanceof ReLU) return one('Activation', { activation: 'relu' });
  if (layer instanceof Sigmoid) return one('Activation', { activation: 'sigmoid' });
  if (layer instanceof Tanh) return one('Activation', { activation: 'tanh' });
  if (layer instanceof LeakyReLU) return one('LeakyReLU', { alpha: layer.negativeSlope });
  if (layer instanceof Softmax) return one('Activation', { activation: 'softmax' });
  if (layer instanceof LogSoftmax) {
    // tfjs-layers has no log-softmax activation; as the head, its softmax is the probabilities the model outputs.
    if (!isLast) throw refuse(entry, 'is only exported as the last layer (tfjs-layers has no log-softmax activation)');
    return one('Activation', { activation: 'softmax' });
  }
  if (layer instanceof Flatten) return one('Flatten');
  if (layer instanceof Linear) {
    const out = one('Dense', { units: layer.outFeatures, activation: 'linear', use_bias: layer.bias !== null });
    out.weights.push({ layer: name, name: 'kernel', tensor: layer.weight });
    if (layer.bias !== null) out.weights.push({ layer: name, name: 'bias', tensor: layer.bias });
    return out;
  }
  if (layer instanceof Conv2d) {
    const layers: TfjsLayerConfig[] = [];
    if (layer.padding !== 'same' && (layer.padding[0] > 0 || layer.padding[1] > 0)) {
      const [ph, pw] = layer.padding;
      layers.push({ class_name: 'ZeroPadding2D', config: { name: `${name}_pad`, padding: [[ph, ph], [pw, pw]], data_format: 'channels_last' } });
    }
    layers.push({
      class_name: 'Conv2D',
      config: {
        name, trainable: false, filters: layer.outChannels, kernel_size: layer.kernelSize, strides: layer.stride,
        padding: layer.padding === 'same' ? 'same' : 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: layer.bias !== null,
      },
    });
    const weights: TfjsLayerOutput['weights'] = [{ layer: name, name: 'kernel', tensor: layer.weight }];
    if (layer.bias !== null) weights.push({ layer: name, name: 'bias', tensor: layer.bias });
    return { layers, weights };
  }
  if (layer instanceof MaxPool2d || layer instanceof AvgPool2d) {
    const [ph, pw] = layer.padding;
    const layers: TfjsLayerConfig[] = [];
    if (ph > 0 || pw > 0) {
      // Zeros are what PyTorch's average counts with countIncludePad; a max pool pads with -infinity, which tfjs-layers cannot.
      if (layer instanceof MaxPool2d || !layer.countIncludePad) throw refuse(entry, 'with padding has no tfjs-layers equivalent (tfjs pads pools with zeros only); export to ONNX instead');
      layers.push({ class_name: 'ZeroPadding2D', config: { name: `${name}_pad`, padding: [[ph, ph], [pw, pw]], data_format: 'channels_last' } });
    }
    layers.push({ class_name: layer instanceof MaxPool2d ? 'MaxPooling2D' : 'AveragePooling2D', config: { name, trainable: false, pool_size: layer.kernelSize, strides: layer.stride, padding: 'valid', data_format: 'channels_last' } });
    return { layers, weights: [] };
  }
  if (layer instanceof BatchNormBase) {
    if (layer.runningMean === null || layer.runningVar === null) throw refuse(entry, 'has no running statistics (trackRunningStats: false), so its eval form depends on the batch; it cannot be exported');
    if (!(layer instanceof BatchNorm1d) && !(layer instanceof BatchNorm2d)) throw refuse(entry, 'is not a BatchNorm1d or BatchNorm2d');
    const out = one('BatchNormalization', { axis: -1, epsilon: layer.eps, momentum: 0.99, center: true, scale: true });
    const n = [layer.numFeatures];
    out.weights.push(
      { layer: name, name: 'gamma', tensor: layer.weight ?? { shape: n, fill: 1 } },
      { layer: name, name: 'beta', tensor: layer.bias ?? { shape: n, fill: 0 } },
      { layer: name, name: 'moving_mean', tensor: layer.runningMean },
      { layer: name, name: 'moving_variance', tensor: layer.runningVar },
    );
    return out;
  }
  throw refuse(entry, `is not supported by the TensorFlow.js export; supported layers: ${TFJS_LAYER_TYPES.join(', ')}`);
}

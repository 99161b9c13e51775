import * as tf from '@tensorflow/tfjs-core';
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
  type Module,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nnlab/layers';
import type { OnnxGraphBuilder } from './onnx-graph.js';

/**
 * A tensor in the graph being built. Images are `nhwc` (nnlab's layout, the
 * graph input) until the first layer that needs channels first turns them
 * `nchw` with one Transpose; `flat` is `[N, features]`, where `featureOrder`
 * (after flattening NCHW) maps each ONNX feature to nnlab's (h, w, c) index,
 * for the next Linear to absorb into its weight rows.
 */
export interface OnnxValue {
  readonly name: string;
  readonly layout: 'nhwc' | 'nchw' | 'flat';
  readonly featureOrder?: readonly number[];
}

/** Names of the layer types the ONNX export writes (`exportOnnx` refuses any other, listing these). */
export const ONNX_LAYER_TYPES = [
  'Linear', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'BatchNorm1d', 'BatchNorm2d', 'Dropout', 'Identity', 'Flatten',
  'ReLU', 'LeakyReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax',
] as const;

const isElementwise = (layer: Module): boolean =>
  layer instanceof ReLU || layer instanceof LeakyReLU || layer instanceof Sigmoid || layer instanceof Tanh || layer instanceof Dropout || layer instanceof Identity;

async function read(tensor: tf.Tensor): Promise<Float32Array> {
  return (await tensor.data()) as Float32Array;
}

/** Reads `f(tensor)` without leaking the intermediate. */
async function readComputed(compute: () => tf.Tensor): Promise<Float32Array> {
  const result = tf.tidy(compute);
  try {
    return await read(result);
  } finally {
    result.dispose();
  }
}

function toChannelsFirst(graph: OnnxGraphBuilder, value: OnnxValue): OnnxValue {
  if (value.layout !== 'nhwc') return value;
  return { name: graph.node('Transpose', [value.name], 'to_nchw', { perm: { ints: [0, 3, 1, 2] } }), layout: 'nchw' };
}

function unsupported(entry: ModelLayer, why: string): InvalidArgumentError {
  return new InvalidArgumentError(`exportOnnx: layer ${entry.path} (${layerType(entry.layer)}) ${why}`);
}

/**
 * Writes one nnlab layer (eval form) into the graph and returns its output.
 * `rest` are the layers after it (Flatten looks ahead for the Linear that
 * will absorb the feature order).
 */
export async function emitLayer(graph: OnnxGraphBuilder, value: OnnxValue, entry: ModelLayer, rest: readonly ModelLayer[]): Promise<OnnxValue> {
  const { layer, path } = entry;
  const base = `layer${path}`;
  if (layer instanceof Dropout || layer instanceof Identity) return value; // identity in eval mode
  if (layer instanceof ReLU) return { ...value, name: graph.node('Relu', [value.name], `${base}_relu`) };
  if (layer instanceof LeakyReLU) return { ...value, name: graph.node('LeakyRelu', [value.name], `${base}_leaky_relu`, { alpha: { float: layer.negativeSlope } }) };
  if (layer instanceof Sigmoid) return { ...value, name: graph.node('Sigmoid', [value.name], `${base}_sigmoid`) };
  if (layer instanceof Tanh) return { ...value, name: graph.node('Tanh', [value.name], `${base}_tanh`) };
  if (layer instanceof Softmax || layer instanceof LogSoftmax) {
    if (value.layout !== 'flat' || value.featureOrder !== undefined) throw unsupported(entry, 'is only exported on [N, features] inputs (after Flatten and a Linear)');
    return { name: graph.node(layer instanceof Softmax ? 'Softmax' : 'LogSoftmax', [value.name], `${base}_${layer instanceof Softmax ? 'softmax' : 'log_softmax'}`, { axis: { int: -1 } }), layout: 'flat' };
  }
  if (layer instanceof Flatten) return emitFlatten(graph, value, entry, rest);
  if (layer instanceof Linear) return emitLinear(graph, value, entry, layer);
  if (layer instanceof Conv2d) return emitConv(graph, value, base, layer);
  if (layer instanceof MaxPool2d || layer instanceof AvgPool2d) {
    const x = toChannelsFirst(graph, value);
    const [ph, pw] = layer.padding;
    const attributes = { kernel_shape: { ints: layer.kernelSize }, strides: { ints: layer.stride }, pads: { ints: [ph, pw, ph, pw] } };
    if (layer instanceof MaxPool2d) return { name: graph.node('MaxPool', [x.name], `${base}_max_pool`, attributes), layout: 'nchw' };
    return { name: graph.node('AveragePool', [x.name], `${base}_avg_pool`, { ...attributes, count_include_pad: { int: layer.countIncludePad ? 1 : 0 } }), layout: 'nchw' };
  }
  if (layer instanceof BatchNormBase) return emitBatchNorm(graph, value, entry, layer);
  throw unsupported(entry, `is not supported by the ONNX export; supported layers: ${ONNX_LAYER_TYPES.join(', ')}`);
}

function emitFlatten(graph: OnnxGraphBuilder, value: OnnxValue, entry: ModelLayer, rest: readonly ModelLayer[]): OnnxValue {
  const base = `layer${entry.path}`;
  if (value.layout !== 'nchw') return { name: graph.node('Flatten', [value.name], `${base}_flatten`, { axis: { int: 1 } }), layout: 'flat' };
  const next = rest.find((candidate) => !isElementwise(candidate.layer) && !(candidate.layer instanceof BatchNorm1d));
  if (next === undefined || !(next.layer instanceof Linear)) {
    // Nothing to absorb nnlab's (h, w, c) feature order: go back to channels last before flattening.
    const nhwc = graph.node('Transpose', [value.name], `${base}_to_nhwc`, { perm: { ints: [0, 2, 3, 1] } });
    return { name: graph.node('Flatten', [nhwc], `${base}_flatten`, { axis: { int: 1 } }), layout: 'flat' };
  }
  const [, height = 1, width = 1, channels = 1] = entry.inputShape;
  const featureOrder: number[] = [];
  for (let c = 0; c < channels; c++) for (let h = 0; h < height; h++) for (let w = 0; w < width; w++) featureOrder.push((h * width + w) * channels + c);
  return { name: graph.node('Flatten', [value.name], `${base}_flatten`, { axis: { int: 1 } }), layout: 'flat', featureOrder };
}

async function emitLinear(graph: OnnxGraphBuilder, value: OnnxValue, entry: ModelLayer, layer: Linear): Promise<OnnxValue> {
  if (value.layout !== 'flat') throw unsupported(entry, `is only exported on [N, features] inputs; add a Flatten before it (input [${entry.inputShape.join(', ')}])`);
  const base = `layer${entry.path}`;
  const order = value.featureOrder;
  const weight = await readComputed(() => (order === undefined ? tf.clone(layer.weight) : tf.gather(layer.weight, Array.from(order), 0)));
  const product = graph.node('MatMul', [value.name, graph.float(`${base}.weight`, [layer.inFeatures, layer.outFeatures], weight)], `${base}_matmul`);
  if (layer.bias === null) return { name: product, layout: 'flat' };
  const bias = graph.float(`${base}.bias`, [layer.outFeatures], await read(layer.bias));
  return { name: graph.node('Add', [product, bias], `${base}_linear`), layout: 'flat' };
}

async function emitConv(graph: OnnxGraphBuilder, value: OnnxValue, base: string, layer: Conv2d): Promise<OnnxValue> {
  const x = toChannelsFirst(graph, value);
  const [kh, kw] = layer.kernelSize;
  // 'same' (stride 1): PyTorch and tfjs both put the odd extra zero after (bottom, right).
  const [top, left, bottom, right] =
    layer.padding === 'same' ? [Math.floor((kh - 1) / 2), Math.floor((kw - 1) / 2), kh - 1 - Math.floor((kh - 1) / 2), kw - 1 - Math.floor((kw - 1) / 2)] : [layer.padding[0], layer.padding[1], layer.padding[0], layer.padding[1]];
  // nnlab's HWIO weight to ONNX's OIHW.
  const weight = graph.float(`${base}.weight`, [layer.outChannels, layer.inChannels, kh, kw], await readComputed(() => tf.transpose(layer.weight, [3, 2, 0, 1])));
  const inputs = [x.name, weight];
  if (layer.bias !== null) inputs.push(graph.float(`${base}.bias`, [layer.outChannels], await read(layer.bias)));
  const attributes = { kernel_shape: { ints: [kh, kw] }, strides: { ints: layer.stride }, pads: { ints: [top, left, bottom, right] }, dilations: { ints: [1, 1] }, group: { int: 1 } };
  return { name: graph.node('Conv', inputs, `${base}_conv`, attributes), layout: 'nchw' };
}

async function emitBatchNorm(graph: OnnxGraphBuilder, value: OnnxValue, entry: ModelLayer, layer: BatchNormBase): Promise<OnnxValue> {
  if (layer.runningMean === null || layer.runningVar === null) {
    throw unsupported(entry, 'has no running statistics (trackRunningStats: false), so its eval form depends on the batch; it cannot be exported');
  }
  let x = value;
  if (layer instanceof BatchNorm2d) x = toChannelsFirst(graph, value);
  else if (!(layer instanceof BatchNorm1d) || value.layout !== 'flat') throw unsupported(entry, `is only exported as BatchNorm2d on images or BatchNorm1d on [N, features] (input [${entry.inputShape.join(', ')}])`);
  const base = `layer${entry.path}`;
  const order = x.featureOrder;
  const parameter = (tensor: tf.Tensor | null, fill: number): Promise<Float32Array> =>
    readComputed(() => {
      const full = tensor === null ? tf.fill([layer.numFeatures], fill) : tf.clone(tensor);
      return order === undefined ? full : tf.gather(full, Array.from(order));
    });
  const [scale, offset, mean, variance] = await Promise.all([parameter(layer.weight, 1), parameter(layer.bias, 0), parameter(layer.runningMean, 0), parameter(layer.runningVar, 1)]);
  const n = [layer.numFeatures];
  const inputs = [x.name, graph.float(`${base}.weight`, n, scale), graph.float(`${base}.bias`, n, offset), graph.float(`${base}.running_mean`, n, mean), graph.float(`${base}.running_var`, n, variance)];
  return { ...x, name: graph.node('BatchNormalization', inputs, `${base}_batch_norm`, { epsilon: { float: layer.eps } }) };
}

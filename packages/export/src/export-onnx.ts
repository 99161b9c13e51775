import { InvalidArgumentError } from '@nnlab/core';
import { listLayers, type Module, Softmax } from '@nnlab/layers';
import { checkModelInput, type ModelInput, perChannel } from './model-input.js';
import { emitLayer, type OnnxValue } from './onnx/emit-layer.js';
import { OnnxGraphBuilder } from './onnx/onnx-graph.js';
import { encodeOnnxModel, OnnxDataType } from './onnx/onnx-proto.js';

/** The ONNX operator set exported models import (ONNX 1.12, onnxruntime 1.13 and later). */
export const ONNX_OPSET = 17;
/** The ONNX IR version exported files declare (the one that goes with opset 17). */
export const ONNX_IR_VERSION = 8;
/** Name of the exported graph's input: float32 pixels in [0, 1], `[batch, ...inputShape]`. */
export const ONNX_INPUT_NAME = 'pixels';
/** Names of the exported graph's outputs, in order: class probabilities, then logits, both `[batch, classes]`. */
export const ONNX_OUTPUT_NAMES = ['probabilities', 'logits'] as const;

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions extends ModelInput {
  /** Graph name and description recorded in the file (default `nnlab model`). */
  readonly name?: string;
}

/**
 * Exports a trained model to ONNX (opset {@link ONNX_OPSET}) and returns the
 * file's bytes; nothing touches a file system, so it runs in browsers too.
 *
 * The graph takes what nnlab's datasets hold: float32 pixels in [0, 1],
 * channels last, `[batch, ...inputShape]` with a dynamic batch (input
 * `pixels`). Training's normalisation is its first two nodes (Sub, Mul), then
 * one Transpose to NCHW before the first convolution, pooling or BatchNorm2d
 * (ONNX's layout; weights are converted, and the Linear after a Flatten reads
 * its rows in the matching order, so there is no transpose back). Outputs are
 * `probabilities` (softmax) and `logits` (`[batch, classes]`): a final
 * `Softmax` layer is the probabilities and its input the logits; a final
 * `LogSoftmax`'s log-probabilities are the logits.
 *
 * Layers: Linear, Conv2d, MaxPool2d, AvgPool2d, BatchNorm1d/2d (eval form,
 * running statistics), Dropout and Identity (removed), Flatten, ReLU,
 * LeakyReLU, Sigmoid, Tanh, Softmax, LogSoftmax, in `Sequential`s. Anything
 * else is an `InvalidArgumentError` naming the layer. The model's weights are
 * read as they are now; its training/eval mode is left as it was.
 *
 * @example
 * const bytes = await exportOnnx(model, { inputShape: [28, 28, 1], normalization: { mean: [0.1307], std: [0.3081] } });
 * // Node: await writeFile('model.onnx', bytes); browser: new Blob([bytes])
 */
export async function exportOnnx(model: Module, options: ExportOnnxOptions): Promise<Uint8Array> {
  checkModelInput('exportOnnx', options);
  const layers = listLayers(model, options.inputShape, 'exportOnnx');
  const outputShape = layers[layers.length - 1]?.outputShape ?? [1, ...options.inputShape];
  if (outputShape.length !== 2) {
    throw new InvalidArgumentError(`exportOnnx: the model must output [N, classes], got [${outputShape.join(', ')}] for one example`);
  }
  const classes = outputShape[1] as number;
  if (options.classNames !== undefined && options.classNames.length !== classes) {
    throw new InvalidArgumentError(`exportOnnx: classNames lists ${options.classNames.length} names, the model outputs ${classes} classes`);
  }

  const graph = new OnnxGraphBuilder();
  const [probabilitiesName, logitsName] = [graph.name(ONNX_OUTPUT_NAMES[0]), graph.name(ONNX_OUTPUT_NAMES[1])];
  graph.name(ONNX_INPUT_NAME);
  const channels = options.inputShape[options.inputShape.length - 1] as number;
  let value: OnnxValue = { name: ONNX_INPUT_NAME, layout: options.inputShape.length === 3 ? 'nhwc' : 'flat' };
  if (options.normalization !== null) {
    // (x - mean) * (1 / std), as @nnlab/datasets' normalize computes it, on the channels-last input.
    const mean = graph.float('normalization.mean', [channels], perChannel(options.normalization.mean, channels));
    const scale = graph.float('normalization.inverse_std', [channels], perChannel(options.normalization.std, channels).map((s) => 1 / s));
    const centered = graph.node('Sub', [value.name, mean], 'centered');
    value = { ...value, name: graph.node('Mul', [centered, scale], 'normalized') };
  }
  let logits: string | undefined;
  for (const [index, entry] of layers.entries()) {
    const isHead = index === layers.length - 1 && entry.layer instanceof Softmax;
    if (isHead) logits = value.name;
    value = await emitLayer(graph, value, entry, layers.slice(index + 1));
  }
  let probabilities = value.name;
  if (logits === undefined) {
    logits = value.name;
    probabilities = graph.node('Softmax', [value.name], 'softmax', { axis: { int: -1 } });
  }
  graph.nodeTo('Identity', [probabilities], probabilitiesName);
  graph.nodeTo('Identity', [logits], logitsName);

  const batch = { dimParam: 'batch' };
  const tensorType = (dims: ReadonlyArray<{ dimParam: string } | number>) => ({
    tensorType: { elemType: OnnxDataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : d)) } },
  });
  const description = options.name ?? 'nnlab model';
  const metadata: Record<string, string> = {
    'nnlab.input': 'float32 pixels in [0, 1], channels last',
    'nnlab.input_shape': JSON.stringify(options.inputShape),
    'nnlab.normalization': JSON.stringify(options.normalization),
    ...(options.classNames === undefined ? {} : { 'nnlab.class_names': JSON.stringify(options.classNames) }),
  };
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'nnlab',
    docString: `${description}: input ${ONNX_INPUT_NAME} [batch, ${options.inputShape.join(', ')}], outputs probabilities and logits [batch, ${classes}]`,
    metadataProps: Object.entries(metadata).map(([key, text]) => ({ key, value: text })),
    graph: {
      name: description,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [{ name: ONNX_INPUT_NAME, type: tensorType([batch, ...options.inputShape]) }],
      output: ONNX_OUTPUT_NAMES.map((name) => ({ name, type: tensorType([batch, classes]) })),
    },
  });
}

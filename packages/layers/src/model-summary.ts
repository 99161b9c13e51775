import { assertInteger } from '@nnlab/core';
import { layerType, listLayers } from './list-layers.js';
import type { Module } from './module.js';

/** Bytes of one float32 value: nnlab computes and stores everything in float32. */
const FLOAT32_BYTES = 4;

/** One row of a {@link modelSummary}. */
export interface LayerSummary {
  /** Dotted name in the model (`3`, `block.1`). */
  readonly path: string;
  /** Class name and settings (`Conv2d(1, 16, kernelSize=5x5, ...)`). */
  readonly layer: string;
  /** Class name alone (`Conv2d`). */
  readonly type: string;
  /** Output shape for the batch, batch axis first. */
  readonly outputShape: readonly number[];
  /** Parameters (trainable values) of this layer. */
  readonly parameters: number;
  /** Bytes of this layer's output for one batch: what training keeps for the backward pass, and its gradient needs again. */
  readonly activationBytes: number;
}

/** What {@link modelSummary} returns. */
export interface ModelSummary {
  readonly batchSize: number;
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerSummary[];
  readonly parameters: number;
  /** Bytes of parameters and buffers (running statistics). */
  readonly parameterBytes: number;
  /** Bytes of the input batch and every layer's output for it (the forward pass; training's backward pass needs as much again). */
  readonly activationBytes: number;
}

/**
 * A per-layer table of a model for a batch: each leaf layer's output shape,
 * parameters and activation memory (float32), and the totals. (The CLI's
 * memory limit uses `@nnlab/models`' `estimateModelMemory`, which needs no
 * built model.) Runs the model in eval mode on zeros of `[1, ...inputShape]`
 * to find the shapes (see {@link listLayers}).
 *
 * @example
 * const summary = modelSummary(cnn({ rng: new Rng(0) }), [28, 28, 1], { batchSize: 64 });
 * summary.layers[0]; // { path: '0', type: 'Conv2d', outputShape: [64, 24, 24, 16], parameters: 416, activationBytes: 2359296, ... }
 */
export function modelSummary(model: Module, inputShape: readonly number[], options: { batchSize?: number } = {}): ModelSummary {
  const batchSize = assertInteger('modelSummary batchSize', options.batchSize ?? 64, 1);
  const layers = listLayers(model, inputShape, 'modelSummary').map((entry): LayerSummary => {
    const perExample = entry.outputShape.slice(1).reduce((a, b) => a * b, 1);
    const text = entry.layer.toString().split('\n')[0] ?? '';
    return {
      path: entry.path,
      layer: text,
      type: layerType(entry.layer),
      outputShape: [batchSize, ...entry.outputShape.slice(1)],
      parameters: entry.layer.numParameters(),
      activationBytes: perExample * batchSize * FLOAT32_BYTES,
    };
  });
  const parameters = model.numParameters();
  const bufferValues = model.namedBuffers().reduce((sum, [, buffer]) => sum + buffer.size, 0);
  const parameterBytes = (parameters + bufferValues) * FLOAT32_BYTES;
  const inputBytes = inputShape.reduce((a, b) => a * b, 1) * batchSize * FLOAT32_BYTES;
  const activationBytes = inputBytes + layers.reduce((sum, layer) => sum + layer.activationBytes, 0);
  return { batchSize, inputShape: [...inputShape], layers, parameters, parameterBytes, activationBytes };
}

import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@nnlab/core';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

/** One leaf layer of a model, in the order data flows through it, with nnlab's output shape for a batch of one. */
export interface ModelLayer {
  /** Dotted name in the model (`3`, `encoder.1`), as `namedParameters` prefixes it. */
  readonly path: string;
  readonly layer: Module;
  /** Shape of the layer's input for one example (batch axis 1 included). */
  readonly inputShape: readonly number[];
  /** Shape of the layer's output for one example (batch axis 1 included). */
  readonly outputShape: readonly number[];
}

/** The class name of a layer (`Conv2d`), for messages and tables. */
export function layerType(layer: Module): string {
  return layer.constructor.name;
}

/**
 * Lists a model's leaf layers (nested `Sequential`s are opened) with the
 * shape each produces, found by running the model in eval mode on zeros of
 * `[1, ...inputShape]` layer by layer. Throws naming the layer when the model
 * is not a chain of layers or a layer refuses its input's shape.
 *
 * @example
 * listLayers(new Sequential(new Flatten(), new Linear(784, 10, { rng })), [28, 28, 1]).map((l) => l.outputShape); // [[1, 784], [1, 10]]
 */
export function listLayers(model: Module, inputShape: readonly number[], what = 'model'): ModelLayer[] {
  const leaves: Array<[string, Module]> = [];
  const open = (module: Module, path: string): void => {
    if (module instanceof Sequential) {
      for (const [name, child] of module.namedChildren()) open(child, path === '' ? name : `${path}.${name}`);
    } else if (module.children().length > 0) {
      throw new InvalidArgumentError(
        `${what}: layer ${path || '(the model)'} (${layerType(module)}) contains other layers but is not a Sequential; only chains of layers can be described`,
      );
    } else {
      leaves.push([path || '0', module]);
    }
  };
  open(model, '');
  const wasTraining = model.training;
  model.eval();
  try {
    const layers: ModelLayer[] = [];
    tf.tidy(() => {
      let x: tf.Tensor = tf.zeros([1, ...inputShape]);
      for (const [path, layer] of leaves) {
        const before = x.shape;
        try {
          x = layer.forward(x);
        } catch (error) {
          throw new InvalidArgumentError(
            `${what}: layer ${path} (${layerType(layer)}) does not accept input [${before.join(', ')}]: ${(error as Error).message}`,
            { cause: error },
          );
        }
        layers.push({ path, layer, inputShape: before, outputShape: x.shape });
      }
    });
    return layers;
  } finally {
    model.train(wasTraining);
  }
}

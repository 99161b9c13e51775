import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, InvalidArgumentError } from '@nnlab/core';
import { Module } from './module.js';

/**
 * Chains modules: the output of each is the input of the next. Children are
 * named `'0'`, `'1'`, ... so parameters are `0.weight`, `0.bias`, `2.weight`, ...
 * exactly as in PyTorch's `nn.Sequential`.
 *
 * @example
 * const model = new Sequential(new Linear(3, 5, { rng }), new ReLU(), new Linear(5, 3, { rng }));
 * model.namedParameters().map(([name]) => name); // ['0.weight', '0.bias', '2.weight', '2.bias']
 */
export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((module, i) => {
      if (!(module instanceof Module)) {
        throw new InvalidArgumentError(`Sequential: argument ${i} must be a Module, got ${String(module)}`);
      }
      this.registerModule(String(i), module);
    });
    this.layers = modules;
  }

  /** Number of modules in the chain. */
  get length(): number {
    return this.layers.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    assertInteger('index', index, -this.layers.length, this.layers.length - 1);
    return this.layers.at(index) as Module;
  }

  forward(x: tf.Tensor): tf.Tensor {
    // tidy frees the intermediate activations; the tape keeps what gradients need.
    return tf.tidy(() => this.layers.reduce((input, layer) => layer.forward(input), x));
  }
}

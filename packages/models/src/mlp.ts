import { assertInteger, assertNumber, InvalidArgumentError, type Rng } from '@nnlab/core';
import { BatchNorm1d, Dropout, Flatten, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Tanh, type Module } from '@nnlab/layers';

/** Nonlinearities an {@link mlp} can use between its linear layers. */
export const mlpActivations = ['relu', 'leaky_relu', 'sigmoid', 'tanh'] as const;
/** One of {@link mlpActivations}: `'relu' | 'leaky_relu' | 'sigmoid' | 'tanh'`. */
export type MlpActivation = (typeof mlpActivations)[number];

/** Options for {@link mlp}. */
export interface MlpOptions {
  /** Generator for weight initialisation and dropout masks. */
  readonly rng: Rng;
  /** Nonlinearity after each hidden layer (default 'relu'). */
  readonly activation?: MlpActivation;
  /** BatchNorm1d after each hidden Linear, before its activation (default false). */
  readonly batchNorm?: boolean;
  /** Dropout probability after each hidden activation (default 0: none). */
  readonly dropout?: number;
  /** LeakyReLU's negative slope (default 0.01, PyTorch's). */
  readonly negativeSlope?: number;
}

function activationLayer(activation: MlpActivation, negativeSlope: number): Module {
  switch (activation) {
    case 'relu':
      return new ReLU();
    case 'leaky_relu':
      return new LeakyReLU({ negativeSlope });
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
  }
}

/**
 * A multi-layer perceptron: Flatten, then Linear layers of the given sizes;
 * after each hidden Linear come an optional BatchNorm1d, the activation and
 * optional dropout, in that order (as the notMNIST lab does). The last layer
 * outputs logits.
 *
 * @example
 * const model = mlp([784, 300, 10], { rng: new Rng(0) }); // the lab's 784-300-10 ReLU MLP
 * const deep = mlp([784, 1200, 1200, 1200, 400, 100, 10], { rng, activation: 'leaky_relu', batchNorm: true, dropout: 0.2 });
 */
export function mlp(sizes: readonly number[], options: MlpOptions): Sequential {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new InvalidArgumentError(`mlp sizes must list at least an input and an output size, got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((size, i) => assertInteger(`mlp sizes[${i}]`, size, 1));
  const activation = options.activation ?? 'relu';
  if (!mlpActivations.includes(activation)) {
    throw new InvalidArgumentError(`mlp activation must be one of ${mlpActivations.join(', ')}, got ${JSON.stringify(activation)}`);
  }
  const dropout = assertNumber('mlp dropout', options.dropout ?? 0, { min: 0, max: 1 });
  if (dropout >= 1) throw new InvalidArgumentError(`mlp dropout must be in [0, 1), got ${dropout}`);
  const negativeSlope = options.negativeSlope ?? 0.01;
  if (options.batchNorm !== undefined && typeof options.batchNorm !== 'boolean') {
    throw new InvalidArgumentError(`mlp batchNorm must be true or false, got ${String(options.batchNorm)}`);
  }

  const layers: Module[] = [new Flatten()];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i] as number, sizes[i + 1] as number, { rng: options.rng.fork(`linear${i}`) }));
    const isLast = i + 2 === sizes.length;
    if (!isLast) {
      if (options.batchNorm === true) layers.push(new BatchNorm1d(sizes[i + 1] as number));
      layers.push(activationLayer(activation, negativeSlope));
      if (dropout > 0) layers.push(new Dropout({ p: dropout, rng: options.rng.fork(`dropout${i}`) }));
    }
  }
  return new Sequential(...layers);
}

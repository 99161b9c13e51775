import { didYouMean, InvalidArgumentError } from '@nnlab/core';

/**
 * A training recipe of `nnlab bench --to-accuracy`: model, data, optimizer
 * and batch size, the test accuracy that counts as "trained" and how often
 * (in steps) the whole test set is evaluated. Every contender (nnlab on each
 * backend, PyTorch, jax-js, tfjs-layers) trains exactly this.
 */
export interface Recipe {
  /** Name on the command line (`--recipe mnist-mlp`). */
  readonly name: string;
  readonly description: string;
  /** Model string understood by `@nnlab/models`. */
  readonly model: string;
  /** `mnist-10k` (embedded: 8,000 train / 2,000 test, split with seed 0) or `fashion-mnist` (60,000 / 10,000). */
  readonly dataset: 'mnist-10k' | 'fashion-mnist';
  /** `normalize`: (x - mean) / std of the training split; `unit`: pixels in [0, 1] as stored. */
  readonly inputs: 'normalize' | 'unit';
  readonly batchSize: number;
  readonly optimizer: { readonly name: string; readonly options: Readonly<Record<string, number | boolean>> };
  /** Test accuracy to reach (chosen from PyTorch runs; docs/BENCHMARKS.md says why). */
  readonly target: number;
  /** Evaluate on the whole test set every this many steps (the evaluations count in the time). */
  readonly evalEvery: number;
  /** Shape of one example. */
  readonly inputShape: readonly number[];
  /** Train on full MNIST (60,000 / 10,000) instead when it is in nnlab's cache (`nnlab train --dataset mnist` put it there). */
  readonly fullMnistWhenCached?: boolean;
}

/** The recipes `nnlab bench --to-accuracy` knows. Targets: see docs/BENCHMARKS.md. */
export const recipes: readonly Recipe[] = [
  {
    name: 'mnist-mlp',
    description: 'MLP 784-300-10 ReLU, Adam 1e-3, batch 64, normalised mnist-10k (8,000 train / 2,000 test)',
    model: 'mlp',
    dataset: 'mnist-10k',
    inputs: 'normalize',
    batchSize: 64,
    optimizer: { name: 'adam', options: { learningRate: 1e-3 } },
    target: 0.95,
    evalEvery: 25,
    inputShape: [28, 28, 1],
  },
  {
    name: 'fashion-cnn',
    description: 'CNN conv5x5x16-pool-conv3x3x32-pool-128-10, SGD 0.01 momentum 0.9 wd 1e-4, batch 64, normalised Fashion-MNIST (60,000 / 10,000)',
    model: 'cnn',
    dataset: 'fashion-mnist',
    inputs: 'normalize',
    batchSize: 64,
    optimizer: { name: 'sgd', options: { learningRate: 0.01, momentum: 0.9, weightDecay: 1e-4 } },
    target: 0.88,
    evalEvery: 200,
    inputShape: [28, 28, 1],
  },
  {
    name: 'jaxjs-mlp',
    description: "jax-js's MNIST demo MLP: 784-256-128-10 ReLU, Adam 5e-3, batch 1000, inputs in [0, 1], mnist-10k",
    model: 'mlp:784-256-128-10',
    dataset: 'mnist-10k',
    inputs: 'unit',
    batchSize: 1000,
    optimizer: { name: 'adam', options: { learningRate: 5e-3 } },
    target: 0.93,
    evalEvery: 4,
    inputShape: [28, 28, 1],
    fullMnistWhenCached: true,
  },
  {
    name: 'jaxjs-convnet',
    description: "jax-js's MNIST demo convnet: conv5x5x24-pool-conv3x3x32-pool-fc128-10 ReLU, Adam 5e-3 (as its MLP), batch 250, inputs in [0, 1], mnist-10k",
    model: 'jaxjs-convnet',
    dataset: 'mnist-10k',
    inputs: 'unit',
    batchSize: 250,
    optimizer: { name: 'adam', options: { learningRate: 5e-3 } },
    target: 0.97,
    evalEvery: 8,
    inputShape: [28, 28, 1],
    fullMnistWhenCached: true,
  },
];

/** Recipes by name (`['mnist-mlp']`); an unknown name is an InvalidArgumentError listing the known ones. */
export function selectRecipes(names: readonly string[]): Recipe[] {
  if (names.length === 0) throw new InvalidArgumentError(`--recipe needs at least one recipe; known recipes: ${recipes.map((r) => r.name).join(', ')}`);
  return [...new Set(names)].map((name) => {
    const recipe = recipes.find((r) => r.name === name);
    if (recipe === undefined) {
      throw new InvalidArgumentError(`unknown recipe "${name}"${didYouMean(name, recipes.map((r) => r.name))}; known recipes: ${recipes.map((r) => r.name).join(', ')}`);
    }
    return recipe;
  });
}

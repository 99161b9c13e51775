import { didYouMean, InvalidArgumentError } from '@nnlab/core';

/** A benchmark workload: a model, its batch size and optimizer, on random data of the right shape. */
export interface Workload {
  /** Name used on the command line (`--workload mlp`). */
  readonly name: string;
  readonly description: string;
  /** Model string understood by `@nnlab/models` (`buildModel`). */
  readonly model: string;
  readonly batchSize: number;
  /** Shape of one example, e.g. [28, 28, 1]. */
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  /** Optimizer name and options for `createOptimizer` from `@nnlab/optimizers`. */
  readonly optimizer: { readonly name: string; readonly options: Readonly<Record<string, number | boolean>> };
  /**
   * Heavy workloads: in the default set, but a backend whose step (estimated
   * from a 2-example step) would not fit a repeat's share of the budget gets
   * a row saying so instead. Selected by name, they always run.
   */
  readonly skipWhenSlow?: boolean;
}

/**
 * The workloads `nnlab bench` knows, from the labs our users come from.
 * New ones (the CNNs) are added here; the harness needs no change.
 */
export const workloads: readonly Workload[] = [
  {
    name: 'mlp',
    description: 'MLP 784-300-10 ReLU, batch 64, Adam 1e-3',
    model: 'mlp',
    batchSize: 64,
    inputShape: [28, 28, 1],
    numClasses: 10,
    optimizer: { name: 'adam', options: { learningRate: 1e-3 } },
  },
  {
    name: 'mlp-deep',
    description: 'MLP 784-1200-1200-1200-400-100-10 LeakyReLU, batch 512, Adagrad 1e-3',
    model: 'mlp-deep',
    batchSize: 512,
    inputShape: [28, 28, 1],
    numClasses: 10,
    optimizer: { name: 'adagrad', options: { learningRate: 1e-3 } },
  },
  {
    name: 'cnn',
    description: 'CNN conv5x5x16-pool-conv3x3x32-pool-128-10, batch 64, SGD 0.01 momentum 0.9 wd 1e-4',
    model: 'cnn',
    batchSize: 64,
    inputShape: [28, 28, 1],
    numClasses: 10,
    optimizer: { name: 'sgd', options: { learningRate: 0.01, momentum: 0.9, weightDecay: 1e-4 } },
  },
  {
    name: 'cnn3',
    description: 'CNN four conv5x5 blocks with batch norm (16-32-64-128), batch 64, SGD 1e-3 momentum 0.9 wd 0.04',
    model: 'cnn3',
    batchSize: 64,
    inputShape: [28, 28, 1],
    numClasses: 10,
    optimizer: { name: 'sgd', options: { learningRate: 0.001, momentum: 0.9, weightDecay: 0.04 } },
    skipWhenSlow: true,
  },
];

/**
 * Workloads by name; no names means every workload. A heavy workload
 * named here runs on every backend however slow (its `skipWhenSlow` is
 * dropped); in the default set it is skipped where too slow.
 */
export function selectWorkloads(names?: readonly string[]): Workload[] {
  if (names === undefined || names.length === 0) return [...workloads];
  return names.map((name) => {
    const workload = workloads.find((w) => w.name === name);
    if (workload === undefined) {
      throw new InvalidArgumentError(`unknown workload "${name}"${didYouMean(name, workloads.map((w) => w.name))}; known workloads: ${workloads.map((w) => w.name).join(', ')}`);
    }
    const { skipWhenSlow: _dropped, ...forced } = workload;
    return forced;
  });
}

import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import type { Workload } from './workloads.js';

/** One prepared training step on fixed random data, ready to be timed. */
export interface StepRunner {
  /** Runs one full training step (or `stepsPerCall` of them) and returns a loss (read back, so the steps have really finished). */
  step(): number | Promise<number>;
  /** Training steps one `step()` call runs (default 1), for runners that train through a loop such as `fit`. */
  readonly stepsPerCall?: number;
  dispose(): void;
}

/** A way of writing the same training step: nnlab's, by hand with tfjs-core ops, or with tfjs-layers. */
export interface StepVariant {
  readonly name: string;
  readonly description: string;
  /** Why the variant cannot run here, or undefined when it can. */
  unavailableReason(): Promise<string | undefined>;
  /** Why the variant cannot run this workload, or undefined when it can. */
  unsupportedReason?(workload: Workload): string | undefined;
  create(workload: Workload, options: { seed: number; batchSize: number }): Promise<StepRunner>;
}

/** Random inputs in [0, 1) and random int32 labels, the same for every variant given a seed. */
export function randomBatch(workload: Workload, batchSize: number, seed: number): { x: tf.Tensor; y: tf.Tensor1D } {
  const rng = new Rng(seed);
  const x = tf.tensor(rng.uniformArray(batchSize * workload.inputShape.reduce((a, b) => a * b, 1), 0, 1), [batchSize, ...workload.inputShape]);
  const labels = new Int32Array(batchSize);
  for (let i = 0; i < batchSize; i++) labels[i] = rng.int(workload.numClasses);
  return { x, y: tf.tensor1d(labels, 'int32') };
}

import type * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { createOptimizer } from '@nnlab/optimizers';
import { createTrainStep, STEP_LOSS, type TrainStepOptions } from '@nnlab/trainers';
import { randomBatch, type StepVariant } from './step-runner.js';
import type { Workload } from './workloads.js';

/** The bench's training step, ready to run: see {@link createBenchStep}. */
export interface BenchStep {
  /** One step on the batch: the step's vector (`[loss, applied, ...metric sums]`, `STEP_LOSS` first); the caller reads and disposes it. */
  run(): tf.Tensor;
  /** Disposes the batch, the optimizer and the model. */
  dispose(): void;
}

/**
 * The step every nnlab step variant times: `workload`'s model and optimizer
 * built from `seed`, and one random batch of `batchSize` drawn from `seed + 1`;
 * `stepOptions` go to `createTrainStep` (e.g. `fit`'s masked update). A
 * variant only chooses how it reads the loss back (`nnlabVariant`
 * synchronously; the demo's browser variant with `await data()`).
 *
 * @example
 * const step = createBenchStep(workload, 0, 64);
 * const values = step.run();
 * const loss = (await values.data())[STEP_LOSS];
 * values.dispose();
 * step.dispose();
 */
export function createBenchStep(workload: Workload, seed: number, batchSize: number, stepOptions: TrainStepOptions = {}): BenchStep {
  const model = buildModel(workload.model, { rng: new Rng(seed) });
  const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
  const step = createTrainStep(model, optimizer, undefined, stepOptions);
  const { x, y } = randomBatch(workload, batchSize, seed + 1);
  return {
    run: () => step(x, y),
    dispose() {
      x.dispose();
      y.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}

/**
 * nnlab's bare training step (forward, backward, update, accuracy count),
 * read back synchronously after every step, as a hand-written loop would:
 * the baseline the `fit` row is compared with.
 */
export const nnlabVariant: StepVariant = {
  name: 'nnlab',
  description: 'nnlab layers + optimizers, the bare step (no finiteness check), read back every step',
  unavailableReason: async () => undefined,
  async create(workload, { seed, batchSize }) {
    const bench = createBenchStep(workload, seed, batchSize);
    return {
      step() {
        const values = bench.run();
        const value = values.dataSync()[STEP_LOSS] ?? Number.NaN;
        values.dispose();
        return value;
      },
      dispose: () => bench.dispose(),
    };
  },
};

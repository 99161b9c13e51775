import { nnlabVariant, randomBatch, type StepRunner, type StepVariant, type Workload } from '@nnlab/bench';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { createOptimizer } from '@nnlab/optimizers';
import { createTrainStep, STEP_LOSS, type TrainStepOptions } from '@nnlab/trainers';

/**
 * `@nnlab/bench`'s `nnlab` step, reading the loss back with `await data()`
 * instead of `dataSync()`: tfjs-webgpu's synchronous read is slow on real
 * GPUs and returns zeros (then breaks the device) in headless Chromium.
 * Same name, so browser rows line up with Node rows; everything else (model,
 * optimizer, batch, the step `fit` runs) is identical.
 */
export const asyncNnlabVariant: StepVariant = {
  ...nnlabVariant,
  description: `${nnlabVariant.description}; loss read back asynchronously`,
  create: (workload, { seed, batchSize }) => createAsyncStepRunner(workload, seed, batchSize),
};

/**
 * A runner of the bench's step (model, optimizer and batch as `nnlabVariant`
 * builds them) that reads the loss back with `await data()`; `stepOptions`
 * go to `createTrainStep` (e.g. `fit`'s masked update).
 */
export async function createAsyncStepRunner(workload: Workload, seed: number, batchSize: number, stepOptions: TrainStepOptions = {}): Promise<StepRunner> {
  const model = buildModel(workload.model, { rng: new Rng(seed) });
  const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
  const step = createTrainStep(model, optimizer, undefined, stepOptions);
  const { x, y } = randomBatch(workload, batchSize, seed + 1);
  return {
    async step() {
      const values = step(x, y);
      const value = (await values.data())[STEP_LOSS] ?? Number.NaN;
      values.dispose();
      return value;
    },
    dispose() {
      x.dispose();
      y.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}

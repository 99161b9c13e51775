import { createBenchStep, nnlabVariant, type StepRunner, type StepVariant, type Workload } from '@nnlab/bench';
import { STEP_LOSS, type TrainStepOptions } from '@nnlab/trainers';

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
 * A runner of the bench's step (`createBenchStep`, as `nnlabVariant` builds
 * it) that reads the loss back with `await data()`; `stepOptions` go to
 * `createTrainStep` (e.g. `fit`'s masked update).
 */
export async function createAsyncStepRunner(workload: Workload, seed: number, batchSize: number, stepOptions: TrainStepOptions = {}): Promise<StepRunner> {
  const bench = createBenchStep(workload, seed, batchSize, stepOptions);
  return {
    async step() {
      const values = bench.run();
      const value = (await values.data())[STEP_LOSS] ?? Number.NaN;
      values.dispose();
      return value;
    },
    dispose: () => bench.dispose(),
  };
}

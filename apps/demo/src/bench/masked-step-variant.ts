import { nnlabVariant, randomBatch, type StepRunner, type StepVariant } from '@nnlab/bench';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { createOptimizer } from '@nnlab/optimizers';
import { createTrainStep, STEP_LOSS } from '@nnlab/trainers';

/**
 * The bare `nnlab` step with `fit`'s finiteness check and masked update
 * (`createTrainStep(..., { skipNonFinite: true })`), read back every step
 * with `await data()`: between the `nnlab` and `fit` rows, it separates
 * what the masked update costs from what `fit`'s loop costs. Opt-in with
 * the `fit-portable` row (`runBrowserBench({ compareMaskKernels: true })`).
 */
export const maskedStepVariant: StepVariant = {
  ...nnlabVariant,
  name: 'masked-step',
  description: `${nnlabVariant.description}; with fit's finiteness check and masked update, read back asynchronously`,
  async create(workload, { seed, batchSize }): Promise<StepRunner> {
    const model = buildModel(workload.model, { rng: new Rng(seed) });
    const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
    const step = createTrainStep(model, optimizer, undefined, { skipNonFinite: true });
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
  },
};

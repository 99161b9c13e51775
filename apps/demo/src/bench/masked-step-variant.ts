import { nnlabVariant, type StepVariant } from '@nnlab/bench';
import { createAsyncStepRunner } from './async-nnlab-variant.js';

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
  create: (workload, { seed, batchSize }) => createAsyncStepRunner(workload, seed, batchSize, { skipNonFinite: true }),
};

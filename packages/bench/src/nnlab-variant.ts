import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { createOptimizer } from '@nnlab/optimizers';
import { createTrainStep, STEP_LOSS } from '@nnlab/trainers';
import { randomBatch, type StepVariant } from './step-runner.js';

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
    const model = buildModel(workload.model, { rng: new Rng(seed) });
    const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
    const step = createTrainStep(model, optimizer);
    const { x, y } = randomBatch(workload, batchSize, seed + 1);
    return {
      step() {
        const values = step(x, y);
        const value = values.dataSync()[STEP_LOSS] ?? Number.NaN;
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

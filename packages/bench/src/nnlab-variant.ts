import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { createOptimizer } from '@nnlab/optimizers';
import { createTrainStep } from '@nnlab/trainers';
import { randomBatch, type StepVariant } from './step-runner.js';

/** nnlab's own training step: the exact function `fit` runs per batch. */
export const nnlabVariant: StepVariant = {
  name: 'nnlab',
  description: 'nnlab layers + optimizers, the step fit() runs',
  unavailableReason: async () => undefined,
  async create(workload, { seed, batchSize }) {
    const model = buildModel(workload.model, { rng: new Rng(seed) });
    const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
    const step = createTrainStep(model, optimizer);
    const { x, y } = randomBatch(workload, batchSize, seed + 1);
    return {
      step() {
        const { loss, correct } = step(x, y);
        const value = loss.dataSync()[0] ?? Number.NaN;
        correct.dataSync();
        loss.dispose();
        correct.dispose();
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

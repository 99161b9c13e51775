import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { createOptimizer } from '@nnlab/optimizers';
import { type Batch, fit } from '@nnlab/trainers';
import { randomBatch, type StepVariant } from './step-runner.js';

/** Training steps per `fit` call: enough that the call's own set-up is a small share. */
const FIT_STEPS_PER_CALL = 10;

/**
 * The same training as the `nnlab` row, run through `fit`: each timed call
 * is one `fit` epoch of 10 (`FIT_STEPS_PER_CALL`) batches (clones of the
 * same fixed batch, as the bare step reuses it), with `fit`'s device-side
 * finiteness check, masked update, accuracy metric, late asynchronous reads
 * and a turn of the event loop per step. Its ratio to the `nnlab` row is
 * what `fit` costs or saves over a bare step loop.
 */
export const fitVariant: StepVariant = {
  name: 'fit',
  description: `nnlab fit(): ${FIT_STEPS_PER_CALL} steps per call, finiteness check and masked update on the device, reads a few steps behind`,
  unavailableReason: async () => undefined,
  async create(workload, { seed, batchSize }) {
    const model = buildModel(workload.model, { rng: new Rng(seed) });
    const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
    const { x, y } = randomBatch(workload, batchSize, seed + 1);
    const batches = {
      numBatches: FIT_STEPS_PER_CALL,
      *[Symbol.iterator](): Iterator<Batch> {
        for (let i = 0; i < FIT_STEPS_PER_CALL; i++) yield { x: tf.clone(x), y: tf.clone(y), size: batchSize };
      },
    };
    return {
      stepsPerCall: FIT_STEPS_PER_CALL,
      async step() {
        const history = await fit(model, optimizer, { train: batches, epochs: 1 });
        return history.epochs[0]?.loss ?? Number.NaN;
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

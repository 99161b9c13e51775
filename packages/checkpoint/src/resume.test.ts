import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { adam } from '@nnlab/optimizers';
import { type Callback, type EpochLog, fit } from '@nnlab/trainers';
import { checkpointCallback } from './checkpoint-callback.js';
import { blobDataset, smallModel, tempDirs, weights } from './checkpoint.test-helper.js';
import { restoreCheckpoint } from './restore-checkpoint.js';

const dirs = tempDirs();
beforeAll(async () => {
  await cpuBackend.activate();
});
afterAll(dirs.cleanup);

const SEED = 4;
const train = blobDataset(40, 11);
const validation = blobDataset(20, 12);

/** Everything a run builds from its seed: model with dropout, Adam, a shuffling loader. */
function build() {
  const model = smallModel(SEED);
  const optimizer = adam(model, { learningRate: 0.02 });
  const loader = new DataLoader(train, { batchSize: 6, shuffle: true, rng: new Rng(SEED).fork('shuffle'), flatten: true });
  const validationLoader = new DataLoader(validation, { batchSize: 20, flatten: true });
  return { model, optimizer, loader, validationLoader };
}

/** History without wall-clock fields. */
const logs = (epochs: readonly EpochLog[]) => epochs.map(({ seconds: _s, samplesPerSec: _r, ...rest }) => rest);

/** Aborts `controller` once `globalStep` steps have been taken. */
// settleAt: fit reads results a few steps late; settling makes the abort land exactly after this step.
const abortAt = (globalStep: number, controller: AbortController): Callback => ({
  settleAt: (step) => step === globalStep,
  onBatchEnd(log) {
    if (log.globalStep === globalStep) controller.abort();
  },
});

describe('resuming from a checkpoint (cpu backend)', () => {
  let straight: { weights: Record<string, number[]>; history: ReturnType<typeof logs> };

  beforeAll(async () => {
    const run = build();
    const history = await fit(run.model, run.optimizer, { train: run.loader, validation: run.validationLoader, epochs: 3 });
    straight = { weights: weights(run.model), history: logs(history.epochs) };
    run.model.dispose();
    run.optimizer.dispose();
  });

  it('2 epochs, then resume for 1 more: identical weights and history to 3 straight epochs', async () => {
    const dir = await dirs.make();
    const first = build();
    await fit(first.model, first.optimizer, {
      train: first.loader, validation: first.validationLoader, epochs: 2,
      callbacks: [checkpointCallback(dir, { rngs: { shuffle: first.loader }, modelSpec: 'mlp:4-6-3,dropout=0.25' })],
    });
    first.model.dispose();
    first.optimizer.dispose();

    const second = build();
    const restored = await restoreCheckpoint(dir, { model: second.model, optimizer: second.optimizer, rngs: { shuffle: second.loader }, modelSpec: 'mlp:4-6-3,dropout=0.25' });
    expect(restored.position).toEqual({ epoch: 2, batchesDone: 0, globalStep: 14 });
    const rest = await fit(second.model, second.optimizer, {
      train: second.loader, validation: second.validationLoader, epochs: 3, resumeFrom: restored.position,
      callbacks: [checkpointCallback(dir, { rngs: { shuffle: second.loader }, history: restored.history })],
    });
    expect(weights(second.model)).toEqual(straight.weights);
    expect(logs([...restored.history, ...rest.epochs])).toEqual(straight.history);
    second.model.dispose();
    second.optimizer.dispose();
  });

  it('interrupted mid-epoch by a signal, saved, resumed: identical weights and history, no tensor leaked', async () => {
    const dir = await dirs.make();
    const before = tf.memory().numTensors;
    const first = build();
    const controller = new AbortController();
    const interrupted = await fit(first.model, first.optimizer, {
      train: first.loader, validation: first.validationLoader, epochs: 3, signal: controller.signal,
      callbacks: [abortAt(10, controller), checkpointCallback(dir, { rngs: { shuffle: first.loader } })],
    });
    expect(interrupted.interrupted).toMatchObject({ epoch: 1, batchesDone: 3, globalStep: 10 });
    expect(interrupted.epochs).toHaveLength(1);
    first.model.dispose();
    first.optimizer.dispose();

    const second = build();
    const restored = await restoreCheckpoint(dir, { model: second.model, optimizer: second.optimizer, rngs: { shuffle: second.loader } });
    expect(restored.position).toMatchObject({ epoch: 1, batchesDone: 3, globalStep: 10 });
    const rest = await fit(second.model, second.optimizer, {
      train: second.loader, validation: second.validationLoader, epochs: 3, resumeFrom: restored.position,
    });
    expect(rest.epochs.map((e) => e.steps)).toEqual([7, 7]);
    expect(weights(second.model)).toEqual(straight.weights);
    expect(logs([...restored.history, ...rest.epochs])).toEqual(straight.history);
    second.model.dispose();
    second.optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('everySteps saves mid-epoch; after a crash the newest such checkpoint resumes to identical weights', async () => {
    const dir = await dirs.make();
    const saves: number[] = [];
    const first = build();
    // A crash: the run dies at step 13 without any chance to save (no signal, no onInterrupt).
    const crash: Callback = { onBatchEnd: (log) => { if (log.globalStep === 13) throw new Error('killed'); } };
    await expect(fit(first.model, first.optimizer, {
      train: first.loader, validation: first.validationLoader, epochs: 3,
      callbacks: [checkpointCallback(dir, { everySteps: 3, rngs: { shuffle: first.loader }, onSave: (saved) => saves.push(saved.position.globalStep) }), crash],
    })).rejects.toThrow('killed');
    // Steps 3, 6, 9, 12 mid-epoch and 7 at the end of epoch 1 (7 steps per epoch); never two saves of one step.
    expect(saves).toEqual([3, 6, 7, 9, 12]);
    first.model.dispose();
    first.optimizer.dispose();

    const second = build();
    const restored = await restoreCheckpoint(dir, { model: second.model, optimizer: second.optimizer, rngs: { shuffle: second.loader } });
    expect(restored.position).toMatchObject({ epoch: 1, batchesDone: 5, globalStep: 12 });
    const rest = await fit(second.model, second.optimizer, {
      train: second.loader, validation: second.validationLoader, epochs: 3, resumeFrom: restored.position,
      callbacks: [checkpointCallback(dir, { everySteps: 3, rngs: { shuffle: second.loader }, history: restored.history, onSave: (saved) => saves.push(saved.position.globalStep) })],
    });
    expect(saves.slice(5)).toEqual([14, 15, 18, 21]);
    expect(weights(second.model)).toEqual(straight.weights);
    expect(logs([...restored.history, ...rest.epochs])).toEqual(straight.history);
    second.model.dispose();
    second.optimizer.dispose();
    expect(() => checkpointCallback(dir, { everySteps: 0 })).toThrow(/everySteps must be an integer >= 1, got 0/);
  });

  it('an abort between epochs saves once and resumes at the epoch boundary', async () => {
    const dir = await dirs.make();
    const saves: number[] = [];
    const first = build();
    const controller = new AbortController();
    const result = await fit(first.model, first.optimizer, {
      train: first.loader, epochs: 3, signal: controller.signal,
      callbacks: [
        checkpointCallback(dir, { rngs: { shuffle: first.loader }, onSave: (saved) => saves.push(saved.position.globalStep) }),
        { onEpochEnd: (log) => (log.epoch === 1 ? controller.abort() : undefined) },
      ],
    });
    expect(result.interrupted).toEqual({ epoch: 1, batchesDone: 0, globalStep: 7 });
    expect(saves).toEqual([7]);
    first.model.dispose();
    first.optimizer.dispose();
  });
});

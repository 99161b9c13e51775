import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { adam } from '@nnlab/optimizers';
import { fit } from '@nnlab/trainers';
import { blobDataset, smallModel, tempDirs, weights } from './checkpoint.test-helper.js';
import { prepareTrainCheckpointing, type TrainCheckpointingOptions } from './train-checkpointing.js';

const dirs = tempDirs();
beforeAll(async () => {
  await cpuBackend.activate();
});
afterAll(dirs.cleanup);

const MODEL = 'mlp:4-6-3,dropout=0.25';
const base = { modelSpec: MODEL, optimizer: { name: 'adam', options: { learningRate: 0.01 } }, settings: { batchSize: 8, seed: 5 }, handleSignals: false };

/** One run of `epochs` epochs with checkpointing; `stopAtStep` aborts it there (as SIGINT would). */
async function run(options: TrainCheckpointingOptions, epochs: number, stopAtStep?: number) {
  const checkpointing = await prepareTrainCheckpointing(options);
  if (checkpointing === undefined) throw new Error('expected checkpointing');
  const model = smallModel(1);
  const optimizer = adam(model, checkpointing.optimizerOptions);
  const trainLoader = new DataLoader(blobDataset(48, 2), { batchSize: 8, shuffle: true, rng: new Rng(5), flatten: true });
  await checkpointing.restore({ model, optimizer, trainLoader });
  const fitOptions = checkpointing.fitOptions();
  // Settled at that step, so the abort comes before the next step starts.
  const stopper = {
    settleAt: (step: number) => step === stopAtStep,
    onBatchEnd: (log: { globalStep: number }) => (log.globalStep === stopAtStep ? checkpointing.abort() : undefined),
  };
  const history = await fit(model, optimizer, { train: trainLoader, epochs, ...fitOptions, callbacks: [stopper, ...fitOptions.callbacks] });
  const result = checkpointing.finish(history);
  const final = weights(model);
  model.dispose();
  optimizer.dispose();
  return { result, weights: final };
}

describe('prepareTrainCheckpointing', () => {
  it('returns undefined without saveDir or resume, and refuses saveEvery alone, naming options', async () => {
    expect(await prepareTrainCheckpointing(base)).toBeUndefined();
    await expect(prepareTrainCheckpointing({ ...base, saveEvery: 5 })).rejects.toThrow('saveEvery 5 needs saveDir DIR (or resume DIR) to say where checkpoints go');
  });

  it('interrupted mid-epoch, then resumed from the run directory: the same weights and epochs as a straight run, no tensor left behind', async () => {
    const straightDir = await dirs.make();
    const straight = await run({ ...base, saveDir: straightDir }, 3);
    expect(straight.result.interrupted).toBeUndefined();

    const dir = await dirs.make();
    const before = tf.memory().numTensors;
    const stopped = await run({ ...base, saveDir: dir }, 3, 9);
    expect(stopped.result.interrupted).toMatchObject({ signal: 'SIGINT', position: { epoch: 1, batchesDone: 3 } });
    expect(stopped.result.interrupted?.saved).toMatch(/checkpoint-00000009$/);
    const lines: string[] = [];
    const resumed = await run({ ...base, resume: dir, log: { info: (line) => lines.push(line) } }, 3);
    expect(lines).toEqual([expect.stringMatching(/^resuming from .*checkpoint-00000009 \(epoch 1, 3 batches into epoch 2, step 9\)$/)]);
    expect(resumed.weights).toEqual(straight.weights);
    expect(resumed.result.epochs.map((epoch) => epoch.epoch)).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a resume with other settings, another model, or a save directory that holds another run, naming options through optionName', async () => {
    const dir = await dirs.make();
    await run({ ...base, saveDir: dir }, 1);
    await expect(prepareTrainCheckpointing({ ...base, resume: dir, settings: { batchSize: 16, seed: 5 } })).rejects.toThrow(
      `resume ${dir}: the run was started with batchSize 8, not 16; resume with the same batchSize`,
    );
    await expect(prepareTrainCheckpointing({ ...base, resume: dir, modelSpec: 'mlp:4-8-3' })).rejects.toThrow(`resume with model ${MODEL}`);
    const flags = (option: string): string => `--${option}`;
    await expect(prepareTrainCheckpointing({ ...base, saveDir: dir, optionName: flags })).rejects.toThrow(
      `--saveDir ${dir} already holds a checkpoint (epoch 1, step 6); continue that run with --resume ${dir}, or choose another --saveDir directory`,
    );
    const file = join(await dirs.make(), 'file');
    await writeFile(file, 'x');
    await expect(prepareTrainCheckpointing({ ...base, saveDir: file })).rejects.toThrow(`saveDir ${file} is a file, not a directory`);
  });

  it('a resumed run keeps the checkpoint optimizer options not given again, and says which given ones replace them', async () => {
    const dir = await dirs.make();
    await run({ ...base, optimizer: { name: 'adam', options: { learningRate: 0.01, weightDecay: 0.001 } }, saveDir: dir }, 1);
    const lines: string[] = [];
    const checkpointing = await prepareTrainCheckpointing({ ...base, optimizer: { name: 'adam', options: { learningRate: 0.02 } }, resume: dir, log: { info: (line) => lines.push(line) } });
    expect(checkpointing?.optimizerOptions).toEqual({ learningRate: 0.02, weightDecay: 0.001 });
    expect(lines).toEqual(["learningRate 0.02 replaces the checkpoint's 0.01 from here on (recorded in the next checkpoint)"]);
    checkpointing?.release();
  });
});

import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { CheckpointError, NotFoundError } from '@nnlab/core';
import { sgd } from '@nnlab/optimizers';
import { smallModel, tempDirs } from './checkpoint.test-helper.js';
import { checkTensorsFitModel, inspectCheckpoint } from './inspect-checkpoint.js';
import { saveCheckpoint } from './save-checkpoint.js';

const dirs = tempDirs();
beforeAll(async () => {
  await cpuBackend.activate();
});
afterAll(dirs.cleanup);

async function saved(): Promise<string> {
  const dir = await dirs.make();
  const model = smallModel(1);
  const { directory } = await saveCheckpoint(dir, { model, optimizer: sgd(model, { learningRate: 0.1 }), epoch: 2, step: 6, modelSpec: 'mlp:4-6-3' });
  model.dispose();
  return directory;
}

describe('inspectCheckpoint', () => {
  it('lists the tensors and metadata of a checkpoint directory, and they fit the model that saved them', async () => {
    const directory = await saved();
    const read = await inspectCheckpoint(directory);
    expect(read.directory).toBe(directory);
    expect(read.metadata?.position.epoch).toBe(2);
    expect(read.files.map(([file]) => file)).toEqual([join(directory, 'model.safetensors'), join(directory, 'optimizer.safetensors')]);
    expect(read.tensors).toContainEqual({ file: join(directory, 'model.safetensors'), name: '1.weight', dtype: 'F32', shape: [6, 4] });
    const before = tf.memory().numTensors;
    const fits = smallModel(2);
    const [modelFile, contents] = read.files[0] ?? [];
    expect(() => checkTensorsFitModel(fits, contents as never, modelFile as string)).not.toThrow();
    fits.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a truncated file, a missing path and a lone safetensors file', async () => {
    const directory = await saved();
    expect((await inspectCheckpoint(join(directory, 'model.safetensors'))).directory).toBeUndefined();
    await truncate(join(directory, 'optimizer.safetensors'), 10);
    await expect(inspectCheckpoint(directory)).rejects.toThrow(CheckpointError);
    await expect(inspectCheckpoint(directory)).rejects.toThrow(/optimizer\.safetensors is 10 bytes, but checkpoint\.json records \d+/);
    await expect(inspectCheckpoint(join(directory, 'nope'))).rejects.toThrow(NotFoundError);
    await writeFile(join(directory, 'model.safetensors'), 'x');
    await expect(inspectCheckpoint(directory)).rejects.toThrow(/model\.safetensors/);
  });
});

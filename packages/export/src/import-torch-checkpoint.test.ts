import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { loadCheckpointModel } from '@nnlab/checkpoint/node';
import { InvalidOptionError, NotFoundError, Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { exportTorch } from './export-torch.js';
import { importTorchCheckpoint } from './import-torch-checkpoint.js';

let dir: string;
const input = { shape: [28, 28, 1], normalization: { mean: [0.13], std: [0.31] }, classNames: ['a', 'b', 'c'], dataset: 'letters' };

beforeAll(async () => {
  await wasmBackend.activate();
  dir = await mkdtemp(join(tmpdir(), 'nnlab-import-torch-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('importTorchCheckpoint', () => {
  it('saves a PyTorch state dict as a checkpoint that loads with its weights and input record', async () => {
    const trained = buildModel('mlp:784-8-3', { rng: new Rng(1) });
    const file = join(dir, 'state.safetensors');
    await writeFile(file, (await exportTorch(trained, { inputShape: input.shape, normalization: input.normalization })).safetensors);
    const fresh = buildModel('mlp:784-8-3', { rng: new Rng(2) });
    const directory = await importTorchCheckpoint(file, { model: fresh, modelSpec: 'mlp:784-8-3', input, out: join(dir, 'run') });
    const loaded = await loadCheckpointModel(join(dir, 'run'));
    expect(loaded.directory).toBe(directory);
    expect(loaded.input).toEqual(input);
    const [name, weight] = trained.namedParameters()[0] ?? [];
    const reloaded = loaded.model.namedParameters().find(([n]) => n === name)?.[1];
    expect(Array.from(await (reloaded as tf.Tensor).data())).toEqual(Array.from(await (weight as tf.Tensor).data()));

    // A directory that already holds a checkpoint is refused, naming the option; a missing file is named.
    await expect(importTorchCheckpoint(file, { model: fresh, modelSpec: 'mlp:784-8-3', input, out: join(dir, 'run') })).rejects.toThrow(InvalidOptionError);
    await expect(importTorchCheckpoint(join(dir, 'nope.safetensors'), { model: fresh, modelSpec: 'mlp:784-8-3', input, out: join(dir, 'other') })).rejects.toThrow(NotFoundError);
    for (const model of [trained, fresh, loaded.model]) model.dispose();
  });
});

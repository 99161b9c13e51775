import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { CheckpointError, InvalidArgumentError, NotFoundError, Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { adam } from '@nnlab/optimizers';
import { fit } from '@nnlab/trainers';
import { blobDataset, smallModel, tempDirs, weights } from '../checkpoint.test-helper.js';
import { MODEL_FILE } from '../checkpoint-names.js';
import { loadModelSafetensors } from '../load-model-safetensors.js';
import { restoreCheckpoint } from '../restore-checkpoint.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { directoryCheckpointStore } from './directory-checkpoint-store.js';
import { indexedDbCheckpointStore } from './indexed-db-checkpoint-store.js';
import { restoreCheckpointFrom } from './restore-checkpoint-from.js';
import { saveCheckpointTo } from './save-checkpoint-to.js';

const dirs = tempDirs();
beforeAll(async () => {
  await cpuBackend.activate();
});
afterAll(dirs.cleanup);

/** A model and Adam trained for a few steps, so the optimizer holds real moments. */
async function trained(seed: number) {
  const model = smallModel(seed);
  const optimizer = adam(model, { learningRate: 0.02 });
  const loader = new DataLoader(blobDataset(24, 3), { batchSize: 6, shuffle: true, rng: new Rng(seed).fork('shuffle'), flatten: true });
  const history = await fit(model, optimizer, { train: loader, epochs: 2 });
  return { model, optimizer, loader, history };
}

const optimizerState = (optimizer: ReturnType<typeof adam>) => {
  const dict = optimizer.stateDict();
  const out = Object.fromEntries(Object.entries(dict.state).map(([key, value]) => [key, typeof value === 'number' ? value : Array.from(value.dataSync())]));
  tf.dispose(Object.values(dict.state).filter((value): value is tf.Tensor => typeof value !== 'number'));
  return { step: dict.step, out };
};

const stores: Array<[string, () => Promise<CheckpointStore>]> = [
  ['IndexedDB (fake-indexeddb)', async () => indexedDbCheckpointStore({ indexedDB: new IDBFactory() })],
  ['directory', async () => directoryCheckpointStore(join(await dirs.make(), 'saved'))],
];

describe.each(stores)('CheckpointStore: %s', (_name, makeStore) => {
  it('saves and restores model, optimizer, random states and position exactly, with no tensor left behind', async () => {
    const store = await makeStore();
    const a = await trained(1);
    await saveCheckpointTo(store, 'run-1', { model: a.model, optimizer: a.optimizer, epoch: 2, step: 8, rngs: { shuffle: a.loader }, history: a.history.epochs, modelSpec: 'mlp:4-6-3' });
    expect(await store.list()).toEqual(['run-1']);

    const b = await trained(2);
    expect(weights(b.model)).not.toEqual(weights(a.model));
    const restored = await restoreCheckpointFrom(store, 'run-1', { model: b.model, optimizer: b.optimizer, rngs: { shuffle: b.loader }, modelSpec: 'mlp:4-6-3' });
    expect(restored.position).toEqual({ epoch: 2, batchesDone: 0, globalStep: 8 });
    expect(restored.history).toHaveLength(2);
    expect(weights(b.model)).toEqual(weights(a.model));
    expect(optimizerState(b.optimizer)).toEqual(optimizerState(a.optimizer));
    expect(b.loader.getRngState()).toEqual(a.loader.getRngState());
    const settled = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await saveCheckpointTo(store, 'run-1', { model: a.model, optimizer: a.optimizer, epoch: 2, step: 8 });
      await restoreCheckpointFrom(store, 'run-1', { model: b.model, optimizer: b.optimizer });
    }
    expect(tf.memory().numTensors).toBe(settled);
  });

  it('replaces a checkpoint of the same name, lists and removes, and names what is missing or wrong', async () => {
    const store = await makeStore();
    const a = await trained(3);
    await saveCheckpointTo(store, 'b', { model: a.model, epoch: 0, step: 1 });
    await saveCheckpointTo(store, 'a', { model: a.model, epoch: 0, step: 2 });
    await saveCheckpointTo(store, 'a', { model: a.model, epoch: 0, step: 3 });
    expect(await store.list()).toEqual(['a', 'b']);
    const files = await store.read('a');
    expect(JSON.parse(new TextDecoder().decode(files?.['checkpoint.json'])).position.globalStep).toBe(3);
    await store.remove('b');
    await store.remove('never-saved');
    expect(await store.list()).toEqual(['a']);
    await expect(restoreCheckpointFrom(store, 'b', { model: a.model })).rejects.toThrow(NotFoundError);
    await expect(restoreCheckpointFrom(store, 'b', { model: a.model })).rejects.toThrow(`no checkpoint "b" in ${store.description}`);
    await expect(saveCheckpointTo(store, '../x', { model: a.model, epoch: 0, step: 0 })).rejects.toThrow(InvalidArgumentError);

    // A flipped byte in the model file: refused by its SHA-256, and the model is left as it was.
    const damaged = { ...files!, [MODEL_FILE]: files![MODEL_FILE]!.slice() };
    damaged[MODEL_FILE]![damaged[MODEL_FILE]!.length - 1]! ^= 1;
    await store.write('damaged', damaged);
    const b = await trained(4);
    const kept = weights(b.model);
    await expect(restoreCheckpointFrom(store, 'damaged', { model: b.model })).rejects.toThrow(/model\.safetensors: checksum mismatch/);
    expect(weights(b.model)).toEqual(kept);
  });
});

describe('directoryCheckpointStore', () => {
  it('writes the layout restoreCheckpoint and PyTorch read (checkpoint.json, model.safetensors, optimizer.safetensors)', async () => {
    const root = await dirs.make();
    const a = await trained(5);
    await saveCheckpointTo(directoryCheckpointStore(root), 'best', { model: a.model, optimizer: a.optimizer, epoch: 2, step: 8 });
    const b = await trained(6);
    await restoreCheckpoint(join(root, 'best'), { model: b.model, optimizer: b.optimizer });
    expect(weights(b.model)).toEqual(weights(a.model));
  });
});

describe('indexedDbCheckpointStore', () => {
  it('says what to do where there is no IndexedDB (Node without a polyfill)', async () => {
    const store = indexedDbCheckpointStore();
    await expect(store.list()).rejects.toThrow(CheckpointError);
    await expect(store.list()).rejects.toThrow(/IndexedDB is not available here/);
  });
});

describe('loadModelSafetensors (the same model.safetensors as a download/upload)', () => {
  it('loads the model file of a saved checkpoint, byte-identical to what Node writes, and refuses another architecture', async () => {
    const root = await dirs.make();
    const a = await trained(7);
    await saveCheckpointTo(directoryCheckpointStore(root), 'c', { model: a.model, epoch: 2, step: 8 });
    const bytes = new Uint8Array(await readFile(join(root, 'c', MODEL_FILE)));
    const b = smallModel(8);
    const before = tf.memory().numTensors;
    loadModelSafetensors(b, bytes, 'model.safetensors');
    expect(tf.memory().numTensors).toBe(before);
    expect(weights(b)).toEqual(weights(a.model));

    const wider = smallModel(9, 7);
    const kept = weights(wider);
    expect(() => loadModelSafetensors(wider, bytes, 'model.safetensors')).toThrow(CheckpointError);
    expect(weights(wider)).toEqual(kept);
    expect(() => loadModelSafetensors(b, new Uint8Array([1, 2, 3]), 'junk.safetensors')).toThrow(/junk\.safetensors/);
  });
});

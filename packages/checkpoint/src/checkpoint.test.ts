import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { CheckpointError, NotFoundError, Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { adam, sgd } from '@nnlab/optimizers';
import { fit, reduceLROnPlateau } from '@nnlab/trainers';
import type { CheckpointFileSystem } from './checkpoint-file-system.js';
import { nodeCheckpointFileSystem } from './checkpoint-file-system.js';
import { blobDataset, smallModel, tempDirs, weights } from './checkpoint.test-helper.js';
import { decodeSafetensors } from './decode-safetensors.js';
import { parseCheckpointMetadata } from './checkpoint-metadata.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { restoreCheckpoint } from './restore-checkpoint.js';
import { saveCheckpoint } from './save-checkpoint.js';

const dirs = tempDirs();
beforeAll(async () => {
  await cpuBackend.activate();
});
afterAll(dirs.cleanup);

/** A trained model + Adam (non-trivial moments) and a shuffling loader. */
async function trained(seed = 1) {
  const model = smallModel(seed);
  const optimizer = adam(model, { learningRate: 0.01 });
  const loader = new DataLoader(blobDataset(24, 9), { batchSize: 8, shuffle: true, rng: new Rng(seed).fork('shuffle'), flatten: true });
  const history = await fit(model, optimizer, { train: loader, epochs: 1 });
  return { model, optimizer, loader, history };
}

/** Saves one checkpoint of `trained()` at step `step` into `dir`. */
async function saveOne(dir: string, step = 3, extra: Partial<Parameters<typeof saveCheckpoint>[1]> = {}) {
  const run = await trained();
  await saveCheckpoint(dir, { model: run.model, optimizer: run.optimizer, epoch: 1, step, modelSpec: 'mlp:4-6-3,dropout=0.25', rngs: { shuffle: run.loader }, ...extra });
  return run;
}

describe('saveCheckpoint / loadCheckpoint / restoreCheckpoint', () => {
  it('round-trips model, optimizer, random states, callback state and history, leaking no tensors', async () => {
    const dir = await dirs.make();
    const before = tf.memory().numTensors;
    const { model, optimizer, loader, history } = await trained();
    const plateau = reduceLROnPlateau({ monitor: 'loss', patience: 1 });
    plateau.loadState({ best: 0.5, numBadEpochs: 1, cooldownCounter: 0, lastEpoch: 1 });
    const saved = await saveCheckpoint(dir, {
      model, optimizer, epoch: 1, step: 3, modelSpec: 'mlp:4-6-3,dropout=0.25', optimizerConfig: { name: 'adam', options: { learningRate: 0.01 } },
      rngs: { shuffle: loader }, states: { plateau }, history: history.epochs, extra: { note: 'hi' },
      input: { shape: [4], normalization: { mean: [0.5], std: [0.25] }, classNames: ['a', 'b', 'c'], dataset: 'blobs' },
    });
    expect(saved.directory).toBe(join(dir, 'checkpoint-00000003'));
    expect((await readFile(join(dir, 'latest'), 'utf8')).trim()).toBe('checkpoint-00000003');
    expect((await readdir(saved.directory)).sort()).toEqual(['checkpoint.json', 'model.safetensors', 'optimizer.safetensors']);

    // Fresh objects from another seed: everything must come from the checkpoint.
    const model2 = smallModel(7);
    const optimizer2 = adam(model2, { learningRate: 0.5 });
    const loader2 = new DataLoader(blobDataset(24, 9), { batchSize: 8, shuffle: true, rng: new Rng(99), flatten: true });
    const plateau2 = reduceLROnPlateau({ monitor: 'loss', patience: 1 });
    const restored = await restoreCheckpoint(dir, { model: model2, optimizer: optimizer2, modelSpec: 'mlp:4-6-3,dropout=0.25', optimizerName: 'adam', rngs: { shuffle: loader2 }, states: { plateau: plateau2 } });
    expect(restored.position).toEqual({ epoch: 1, batchesDone: 0, globalStep: 3 });
    expect(restored.history).toEqual(JSON.parse(JSON.stringify(history.epochs)));
    expect(restored.metadata).toMatchObject({ format: 'nnlab-checkpoint', formatVersion: 1, model: 'mlp:4-6-3,dropout=0.25', extra: { note: 'hi' }, optimizer: { name: 'adam', step: 3, learningRate: 0.01 } });
    expect(restored.metadata.input).toEqual({ shape: [4], normalization: { mean: [0.5], std: [0.25] }, classNames: ['a', 'b', 'c'], dataset: 'blobs' });
    expect(weights(model2)).toEqual(weights(model));
    expect(optimizer2.stepCount).toBe(3);
    expect(optimizer2.currentLearningRate).toBe(0.01);
    const [a, b] = [optimizer.stateDict(), optimizer2.stateDict()];
    for (const [key, value] of Object.entries(a.state)) {
      const other = b.state[key];
      expect(typeof value === 'number' ? value : Array.from(value.dataSync())).toEqual(typeof other === 'number' ? other : Array.from((other as tf.Tensor).dataSync()));
    }
    tf.dispose([...Object.values(a.state), ...Object.values(b.state)].filter((v): v is tf.Tensor => typeof v !== 'number'));
    expect(loader2.getRngState()).toEqual(loader.getRngState());
    expect(model2.namedRngs().map(([, rng]) => rng.getState())).toEqual(model.namedRngs().map(([, rng]) => rng.getState()));
    expect(plateau2.state()).toEqual(plateau.state());
    for (const disposable of [model, model2, optimizer, optimizer2]) disposable.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes model.safetensors with PyTorch names, [out, in] weights and a checksum in checkpoint.json', async () => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir);
    const bytes = await readFile(join(dir, 'checkpoint-00000003', 'model.safetensors'));
    const { tensors, metadata } = decodeSafetensors(bytes, 'model.safetensors');
    expect(metadata).toEqual({ format: 'pt' });
    expect([...tensors].map(([name, t]) => `${name} ${t.dtype} [${t.shape.join(',')}]`)).toEqual(['1.weight F32 [6,4]', '1.bias F32 [6]', '4.weight F32 [3,6]', '4.bias F32 [3]']);
    const ours = weights(model)['1.weight'] as number[]; // [in=4, out=6], row-major
    const theirs = Array.from(tensors.get('1.weight')?.data as Float32Array); // [out=6, in=4]
    expect(theirs[1 * 4 + 2]).toBe(ours[2 * 6 + 1]);
    const loaded = await loadCheckpoint(dir);
    expect(loaded.metadata.files['model.safetensors'].bytes).toBe(bytes.length);
    expect(Object.keys(loaded.optimizer).sort()).toEqual(expect.arrayContaining(['1.firstMoment.1.weight', '1.secondMoment.4.bias']));
    loaded.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('keeps the newest `keep` checkpoints and a latest pointer; a second save at one step replaces the first', async () => {
    const dir = await dirs.make();
    const { model, optimizer } = await trained();
    for (const step of [3, 6, 9]) await saveCheckpoint(dir, { model, optimizer, epoch: step / 3, step, keep: 2 });
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-00000006', 'checkpoint-00000009', 'latest']);
    await saveCheckpoint(dir, { model, optimizer, epoch: 3, step: 9, keep: 2, extra: { again: true } });
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-00000006', 'checkpoint-00000009-r1', 'latest']);
    const loaded = await loadCheckpoint(dir);
    expect(loaded.directory).toBe(join(dir, 'checkpoint-00000009-r1'));
    expect(loaded.metadata.extra).toEqual({ again: true });
    loaded.dispose();
    // A specific checkpoint directory loads too.
    const older = await loadCheckpoint(join(dir, 'checkpoint-00000006'));
    expect(older.metadata.position.globalStep).toBe(6);
    older.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it.each([
    ['a flipped byte in model.safetensors', 'model.safetensors', (b: Buffer) => { b[b.length - 3] = (b[b.length - 3] as number) ^ 0x40; return b; }, /model\.safetensors: checksum mismatch \(SHA-256 [0-9a-f]{64}, checkpoint\.json records [0-9a-f]{64}\); the file is corrupt/],
    ['a truncated optimizer.safetensors', 'optimizer.safetensors', (b: Buffer) => b.subarray(0, b.length - 10), /optimizer\.safetensors is \d+ bytes, but checkpoint\.json records \d+ \(truncated/],
    ['a longer model.safetensors', 'model.safetensors', (b: Buffer) => Buffer.concat([b, Buffer.alloc(4)]), /model\.safetensors is \d+ bytes, more than the \d+ expected/],
    ['truncated checkpoint.json', 'checkpoint.json', (b: Buffer) => b.subarray(0, 100), /checkpoint\.json: not valid JSON .*corrupt/],
    ['a newer format version', 'checkpoint.json', (b: Buffer) => Buffer.from(b.toString().replace('"formatVersion": 1', '"formatVersion": 2')), /format version 2 is not supported; this nnlab reads version 1 \(the checkpoint was written by a newer nnlab/],
    ['another format', 'checkpoint.json', (b: Buffer) => Buffer.from(b.toString().replace('"nnlab-checkpoint"', '"keras"')), /format is "keras", expected "nnlab-checkpoint"/],
    ['a bad position', 'checkpoint.json', (b: Buffer) => Buffer.from(b.toString().replace('"globalStep": 3', '"globalStep": -3')), /"position" must be/],
  ])('refuses %s with a CheckpointError naming the file', async (_label, file, damage, message) => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir);
    const path = join(dir, 'checkpoint-00000003', file);
    await writeFile(path, damage(await readFile(path)));
    const error = await loadCheckpoint(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(dir);
    model.dispose();
    optimizer.dispose();
  });

  it('checks the input record (shape, normalisation, class names) when checkpoint.json has one', async () => {
    const dir = await dirs.make();
    await saveOne(dir, 3, { input: { shape: [4], normalization: null } });
    const text = await readFile(join(dir, 'checkpoint-00000003', 'checkpoint.json'), 'utf8');
    expect(parseCheckpointMetadata(text, 'c.json').input).toEqual({ shape: [4], normalization: null });
    const withInput = (input: unknown): string => JSON.stringify({ ...JSON.parse(text), input });
    expect(() => parseCheckpointMetadata(withInput({ shape: [0], normalization: null }), 'c.json')).toThrow(/c\.json: "input\.shape" must be a list of positive integers/);
    expect(() => parseCheckpointMetadata(withInput({ shape: [4], normalization: { mean: [0], std: [0] } }), 'c.json')).toThrow(/"input\.normalization" must be null or \{ mean, std \}/);
    expect(() => parseCheckpointMetadata(withInput({ shape: [4], normalization: null, classNames: [1] }), 'c.json')).toThrow(/"input\.classNames" must be a list of strings/);
    const { input: _dropped, ...older } = JSON.parse(text) as Record<string, unknown>;
    expect(parseCheckpointMetadata(JSON.stringify(older), 'c.json').input).toBeUndefined();
  });

  it('names a missing tensor file, a missing directory and a bad latest pointer', async () => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir);
    await rm(join(dir, 'checkpoint-00000003', 'optimizer.safetensors'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/checkpoint-00000003\/optimizer\.safetensors is missing; the checkpoint is incomplete/);
    await expect(loadCheckpoint(join(dir, 'nowhere'))).rejects.toThrow(NotFoundError);
    await writeFile(join(dir, 'latest'), '../../etc\n');
    await expect(loadCheckpoint(dir)).rejects.toThrow(/latest names "..\/..\/etc", expected a checkpoint directory name/);
    await writeFile(join(dir, 'latest'), 'checkpoint-00000042\n');
    await expect(loadCheckpoint(dir)).rejects.toThrow(/latest names checkpoint-00000042, but .*checkpoint\.json does not exist/);
    model.dispose();
    optimizer.dispose();
  });

  it('never uses a name from the checkpoint as a path outside its directory', async () => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir);
    for (const pointer of ['/etc', 'checkpoint-00000003/../../..', '..', 'checkpoint-00000003/../checkpoint-00000003', 'checkpoint-00000003\0']) {
      await writeFile(join(dir, 'latest'), `${pointer}\n`);
      await expect(loadCheckpoint(dir), pointer).rejects.toThrow(/latest names .*, expected a checkpoint directory name like checkpoint-00000250/);
    }
    await writeFile(join(dir, 'latest'), 'checkpoint-00000003\n');
    // File names in checkpoint.json are not paths: the loader reads only its two fixed file names, and extra entries are ignored.
    const metadataPath = join(dir, 'checkpoint-00000003', 'checkpoint.json');
    const metadata = JSON.parse(await readFile(metadataPath, 'utf8')) as { files: Record<string, unknown> };
    metadata.files['../../../../etc/passwd'] = { bytes: 1, sha256: '0'.repeat(64) };
    await writeFile(metadataPath, JSON.stringify(metadata));
    const loaded = await loadCheckpoint(dir);
    expect(Object.keys(loaded.model).length).toBeGreaterThan(0);
    loaded.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('refuses a model of another shape, naming each tensor, and changes nothing', async () => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir);
    const other = smallModel(2, 5);
    const before = weights(other);
    const error = await restoreCheckpoint(dir, { model: other }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/model\.safetensors does not fit this model .*shape or dtype mismatch: 1\.weight \(model has float32 \[5, 4\], file has float32 \[6, 4\]\); 1\.bias .*; 4\.weight \(model has float32 \[3, 5\], file has float32 \[3, 6\]\)/);
    expect(weights(other)).toEqual(before);
    const deeper = smallModel(2);
    await expect(restoreCheckpoint(dir, { model: deeper, modelSpec: 'mlp:4-6-6-3' })).rejects.toThrow(/is of model "mlp:4-6-3,dropout=0.25", not "mlp:4-6-6-3"/);
    for (const disposable of [model, optimizer, other, deeper]) disposable.dispose();
  });

  it('refuses another optimizer before changing the model', async () => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir, 3, { optimizerConfig: { name: 'adam' } });
    const fresh = smallModel(5);
    const before = weights(fresh);
    const momentum = sgd(fresh, { learningRate: 0.1, momentum: 0.9 });
    await expect(restoreCheckpoint(dir, { model: fresh, optimizer: momentum, optimizerName: 'sgd' })).rejects.toThrow(/trained with optimizer "adam", not "sgd"/);
    await expect(restoreCheckpoint(dir, { model: fresh, optimizer: momentum })).rejects.toThrow(/optimizer\.safetensors does not fit this optimizer: missing "1\.momentum\.1\.weight".*unexpected "1\.firstMoment\.1\.weight"/);
    await expect(restoreCheckpoint(dir, { model: fresh, rngs: { augment: new Rng(0) } })).rejects.toThrow(/no random state "augment" saved \(saved: shuffle\)/);
    expect(weights(fresh)).toEqual(before);
    for (const disposable of [model, optimizer, fresh, momentum]) disposable.dispose();
  });
});

describe('a failed or interrupted save keeps the previous checkpoint', () => {
  const errno = (code: string, text: string): Error => Object.assign(new Error(`${code}: ${text}`), { code });
  /** The real file system, except that writing a file named `victim` writes half of it and fails. */
  function failingWrites(victim: string, cleanup = true): CheckpointFileSystem {
    return {
      ...nodeCheckpointFileSystem,
      async writeFile(path, data) {
        if (path.endsWith(victim)) {
          await nodeCheckpointFileSystem.writeFile(path, data.subarray(0, data.length >> 1));
          throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
        }
        return nodeCheckpointFileSystem.writeFile(path, data);
      },
      // A process killed mid-save never gets to clean up.
      remove: cleanup ? nodeCheckpointFileSystem.remove : async () => undefined,
    };
  }

  it.each([
    ['a full disk while writing optimizer.safetensors', failingWrites('optimizer.safetensors')],
    ['a crash while writing checkpoint.json (no cleanup)', failingWrites('checkpoint.json', false)],
    ['a crash while writing the latest pointer (no cleanup)', { ...failingWrites('-p' + process.pid + '-', false), writeFile: async (path: string, data: Uint8Array) => {
      if (path.includes('.tmp-latest')) throw new Error('killed');
      return nodeCheckpointFileSystem.writeFile(path, data);
    } }],
    ['a crash before the directory rename', { ...nodeCheckpointFileSystem, remove: async () => undefined, rename: async (from: string, to: string) => {
      if (to.includes('checkpoint-00000006')) throw new Error('killed');
      return nodeCheckpointFileSystem.rename(from, to);
    } }],
    ['EACCES renaming the new checkpoint into place', { ...nodeCheckpointFileSystem, rename: async (from: string, to: string) => {
      if (to.includes('checkpoint-00000006')) throw errno('EACCES', `permission denied, rename '${from}' -> '${to}'`);
      return nodeCheckpointFileSystem.rename(from, to);
    } }],
    ['EACCES replacing the latest pointer', { ...nodeCheckpointFileSystem, rename: async (from: string, to: string) => {
      if (to.endsWith('latest')) throw errno('EACCES', `permission denied, rename '${from}' -> '${to}'`);
      return nodeCheckpointFileSystem.rename(from, to);
    } }],
    ['EIO from fsync of the new checkpoint directory', { ...nodeCheckpointFileSystem, syncDirectory: async (path: string) => {
      if (path.includes('.tmp-checkpoint-00000006')) throw errno('EIO', `i/o error, fsync '${path}'`);
      return nodeCheckpointFileSystem.syncDirectory(path);
    } }],
    ['ENOSPC creating the temp directory', { ...nodeCheckpointFileSystem, mkdir: async (path: string) => {
      if (path.includes('.tmp-')) throw errno('ENOSPC', `no space left on device, mkdir '${path}'`);
      return nodeCheckpointFileSystem.mkdir(path);
    } }],
  ])('%s', async (_label, fileSystem) => {
    const dir = await dirs.make();
    const { model, optimizer } = await saveOne(dir, 3);
    const error = await saveCheckpoint(dir, { model, optimizer, epoch: 2, step: 6, fileSystem: fileSystem as CheckpointFileSystem }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(new RegExp(`could not save checkpoint checkpoint-00000006 in ${dir}: .*; the previous checkpoint ${join(dir, 'checkpoint-00000003')} is kept$`));
    const loaded = await loadCheckpoint(dir);
    expect(loaded.metadata.position.globalStep).toBe(3);
    loaded.dispose();
    const restored = smallModel(3);
    await restoreCheckpoint(dir, { model: restored });
    expect(weights(restored)).toEqual(weights(model));
    // The next good save succeeds and clears what the failed one left behind.
    await saveCheckpoint(dir, { model, optimizer, epoch: 2, step: 6 });
    // (A crash after the rename leaves a complete checkpoint-00000006 that latest never named; the new save is its revision r1.)
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-00000003', expect.stringMatching(/^checkpoint-00000006(-r1)?$/), 'latest']);
    for (const disposable of [model, optimizer, restored]) disposable.dispose();
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { NotFoundError, Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { exportOnnx } from './export-onnx.js';
import { exportTorch } from './export-torch.js';
import { importTorchCheckpoint } from './import-torch-checkpoint.js';
import { modelPredictor } from './model-predictor.js';
import { openPredictor } from './open-predictor.js';

let dir: string;
const input = { shape: [28, 28, 1], normalization: { mean: [0.13], std: [0.31] }, classNames: ['a', 'b', 'c'], dataset: 'letters' };
const pixels = (count: number): Float32Array => {
  const rng = new Rng(5);
  return Float32Array.from({ length: count * 784 }, () => rng.float());
};

beforeAll(async () => {
  await wasmBackend.activate();
  dir = await mkdtemp(join(tmpdir(), 'nnlab-open-predictor-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('openPredictor', () => {
  it('opens a checkpoint on the backend its hook activates and an .onnx file, both agreeing with the model', async () => {
    const trained = buildModel('mlp:784-8-3', { rng: new Rng(1) });
    trained.eval();
    const state = join(dir, 'state.safetensors');
    await writeFile(state, (await exportTorch(trained, { inputShape: input.shape, normalization: input.normalization })).safetensors);
    const fresh = buildModel('mlp:784-8-3', { rng: new Rng(2) });
    const directory = await importTorchCheckpoint(state, { model: fresh, modelSpec: 'mlp:784-8-3', input, out: join(dir, 'run') });
    fresh.dispose();
    const onnxFile = join(dir, 'model.onnx');
    await writeFile(onnxFile, await exportOnnx(trained, { inputShape: input.shape, normalization: input.normalization, classNames: input.classNames }));
    const x = pixels(4);
    const expected = await modelPredictor(trained, { inputShape: input.shape, normalization: input.normalization }).predict(x, 4);

    const before = tf.memory().numTensors;
    let activated = 0;
    const fromCheckpoint = await openPredictor(join(dir, 'run'), { activateBackend: async () => (activated++, (await wasmBackend.activate()).name) });
    expect(activated).toBe(1);
    expect(fromCheckpoint).toMatchObject({ kind: 'model', source: `${directory} (mlp:784-8-3, backend wasm)`, inputShape: [28, 28, 1], classNames: input.classNames });
    const fromOnnx = await openPredictor(onnxFile, { activateBackend: () => Promise.reject(new Error('not for an onnx file')) });
    expect(fromOnnx).toMatchObject({ kind: 'onnx', inputShape: [28, 28, 1], classNames: input.classNames });
    for (const predictor of [fromCheckpoint, fromOnnx]) {
      const { probabilities, classes } = await predictor.predict(x, 4);
      expect(classes).toBe(3);
      probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected.probabilities[i] as number, 5));
      await predictor.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    trained.dispose();
  });

  it('names a missing .onnx file or checkpoint', async () => {
    await expect(openPredictor(join(dir, 'gone.onnx'))).rejects.toThrow(NotFoundError);
    await expect(openPredictor(join(dir, 'gone.onnx'))).rejects.toThrow(/model not found: .*gone\.onnx/);
    await expect(openPredictor(join(dir, 'nowhere'))).rejects.toThrow(NotFoundError);
  });
});

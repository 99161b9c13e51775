import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { InvalidOptionError, Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { TFJS_WEIGHTS_FILE } from './export-tfjs.js';
import { decodeOnnxModel } from './onnx/onnx-proto.js';
import { defaultExportPath, writeModelExport } from './write-model-export.js';

let dir: string;
const input = { inputShape: [28, 28, 1], normalization: { mean: [0.13], std: [0.31] }, name: 'mlp trained on mnist-10k' };

beforeAll(async () => {
  await wasmBackend.activate();
  dir = await mkdtemp(join(tmpdir(), 'nnlab-write-export-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeModelExport', () => {
  it('writes each format where asked, and only complete files', async () => {
    const model = buildModel('mlp:784-8-10', { rng: new Rng(0) });
    const onnx = await writeModelExport(model, 'onnx', join(dir, 'm.onnx'), input);
    expect(onnx).toMatchObject({ format: 'onnx', files: [join(dir, 'm.onnx')] });
    const bytes = await readFile(join(dir, 'm.onnx'));
    expect(onnx.bytes).toBe(bytes.length);
    expect((decodeOnnxModel(bytes) as unknown as { graph: { name: string } }).graph.name).toBe('mlp trained on mnist-10k');

    const tfjs = await writeModelExport(model, 'tfjs', join(dir, 'm-tfjs'), input);
    // The shard first: model.json never points at a missing one.
    expect(tfjs.files).toEqual([join(dir, 'm-tfjs', TFJS_WEIGHTS_FILE), join(dir, 'm-tfjs', 'model.json')]);
    expect(JSON.parse(await readFile(join(dir, 'm-tfjs', 'model.json'), 'utf8'))).toHaveProperty('modelTopology');

    const torch = await writeModelExport(model, 'torch', join(dir, 'm-torch'), input);
    expect(torch.python).toContain('nn.Sequential');
    expect((await readdir(join(dir, 'm-torch'))).sort()).toEqual(['model.py', 'model.safetensors']);
    // Atomic writes leave no temporary files behind.
    expect((await readdir(dir)).sort()).toEqual(['m-tfjs', 'm-torch', 'm.onnx']);
    model.dispose();
  });

  it('refuses an unknown format, naming the option', async () => {
    const model = buildModel('mlp:784-8-10', { rng: new Rng(0) });
    const error = await writeModelExport(model, 'keras', join(dir, 'm.h5'), input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).messageNaming((name) => `--${name}`)).toBe('--format must be one of onnx, tfjs, torch, got "keras"');
    model.dispose();
  });

  it('puts a checkpoint\'s export beside it by default', () => {
    expect(defaultExportPath('/runs/a', 'onnx')).toBe('/runs/a.onnx');
    expect(defaultExportPath('/runs/a', 'tfjs')).toBe('/runs/a-tfjs');
  });
});

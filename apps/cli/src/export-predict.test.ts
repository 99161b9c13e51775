import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '@nnlab/datasets';
import { loadDatasetByName } from '@nnlab/datasets/node';
import { knownBackends } from '@nnlab/backends';
import { loadCheckpointModel } from './load-checkpoint-model.js';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-export-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function nnlab(args: string[]): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err(), json: code === 0 && args.includes('--json') ? io.lastJson() : {} };
}

/** A PNG of `pixels` (HxW grey in [0, 1]), `scale` times larger, in colour, optionally dark on light. */
function png(pixels: Float32Array, side: number, scale: number, invert: boolean): Buffer {
  const image = new PNG({ width: side * scale, height: side * scale });
  for (let y = 0; y < side * scale; y++) {
    for (let x = 0; x < side * scale; x++) {
      const v = pixels[Math.floor(y / scale) * side + Math.floor(x / scale)] as number;
      const level = Math.round((invert ? 1 - v : v) * 255);
      image.data.set([level, level, level, 255], (y * side * scale + x) * 4);
    }
  }
  return PNG.sync.write(image);
}

describe.each([
  ['mlp', 'wasm', []],
  ['cnn', 'wasm', ['--limit', '2000']],
])('nnlab train --save, export --format onnx, predict (%s)', (model, backend, extra) => {
  it('onnxruntime reproduces the checkpoint\'s logits and predictions on the whole test split; predict agrees with train', async () => {
    const save = join(dir, model);
    const trained = await nnlab(['train', '--model', model, '--backend', backend, '--epochs', '1', '--no-progress', '--save', save, '--json', ...extra]);
    expect(trained.code).toBe(0);
    // With --json the human lines go to stderr, the per-layer table first.
    expect(trained.err).toMatch(/^layer +output shape +parameters +memory \(batch 64\)$/m);

    const exported = await nnlab(['export', save, '--json']);
    expect(exported.code).toBe(0);
    expect(exported.json).toMatchObject({ command: 'export', format: 'onnx', out: `${save}.onnx`, opset: 17, inputShape: [28, 28, 1] });
    expect(exported.err).toMatch(/^wrote .*\.onnx \(ONNX opset 17, [\d,]+ bytes\)/);

    // nnlab's logits for the test split, from the checkpoint, against onnxruntime-node's from the file.
    const test = (await loadDatasetByName('mnist-10k')).test;
    const loaded = await loadCheckpointModel(save, { backends: knownBackends(), backendName: backend, purpose: 'test', requireInput: true });
    const normalization = loaded.input?.normalization;
    if (normalization == null) throw new Error('the checkpoint records no normalisation');
    const expected = tf.tidy(() => loaded.model.forward(tf.tensor4d(normalize(test, normalization).images, [test.count, 28, 28, 1])).dataSync());
    loaded.model.dispose();
    const session = await ort.InferenceSession.create(await readFile(`${save}.onnx`));
    const result = await session.run({ pixels: new ort.Tensor('float32', test.images, [test.count, 28, 28, 1]) });
    await session.release();
    const logits = result.logits?.data as Float32Array;
    let difference = 0;
    let agree = 0;
    const argmax = (values: ArrayLike<number>, row: number): number => {
      let best = 0;
      for (let c = 1; c < 10; c++) if ((values[row * 10 + c] as number) > (values[row * 10 + best] as number)) best = c;
      return best;
    };
    for (let i = 0; i < logits.length; i++) difference = Math.max(difference, Math.abs((logits[i] as number) - (expected[i] as number)));
    for (let row = 0; row < test.count; row++) if (argmax(logits, row) === argmax(expected, row)) agree++;
    console.log(`${model}: ${test.count} test images, max logit difference ${difference.toExponential(2)}, ${agree} predictions agree`);
    expect(difference).toBeLessThan(1e-4);
    expect(agree).toBe(test.count);

    // --format tfjs: tfjs-layers' loadLayersModel reads the folder's files; its probabilities are the same.
    const tfjsExport = await nnlab(['export', save, '--format', 'tfjs', '--json']);
    expect(tfjsExport.code).toBe(0);
    expect(tfjsExport.json.out).toBe(`${save}-tfjs`);
    const modelJson = JSON.parse(await readFile(join(`${save}-tfjs`, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
    const shard = await readFile(join(`${save}-tfjs`, modelJson.weightsManifest[0]?.paths[0] ?? ''));
    const layersModel = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]?.weights ?? [], weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) }),
    );
    const tfjsLog = tf.tidy(() => tf.log(layersModel.predict(tf.tensor4d(test.images, [test.count, 28, 28, 1])) as tf.Tensor).dataSync());
    const nnlabLog = tf.tidy(() => tf.logSoftmax(tf.tensor2d(expected, [test.count, 10])).dataSync());
    layersModel.dispose();
    let tfjsDifference = 0;
    let tfjsAgree = 0;
    for (let i = 0; i < tfjsLog.length; i++) tfjsDifference = Math.max(tfjsDifference, Math.abs((tfjsLog[i] as number) - (nnlabLog[i] as number)));
    for (let row = 0; row < test.count; row++) if (argmax(tfjsLog, row) === argmax(expected, row)) tfjsAgree++;
    console.log(`${model}: tfjs-layers max log-probability difference ${tfjsDifference.toExponential(2)}, ${tfjsAgree} predictions agree`);
    expect(tfjsDifference).toBeLessThan(1e-4);
    expect(tfjsAgree).toBe(test.count);

    // --format torch: safetensors in PyTorch's layout and model.py; Debian's PyTorch, where installed, runs it.
    const torchExport = await nnlab(['export', save, '--format', 'torch']);
    expect(torchExport.code).toBe(0);
    expect(torchExport.out).toMatch(model === 'mlp' ? /^model = nn\.Sequential\(\n {4}nn\.Flatten\(\),  # 0$/m : /^ {4}nn\.Linear\(800, 128, bias=True\),  # 7$/m);
    const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
    if (hasTorch) {
      const script = `import sys, json, torch\nsys.path.insert(0, ${JSON.stringify(`${save}-torch`)})\nfrom model import predict\npixels = torch.tensor(json.load(sys.stdin)).reshape(-1, 28, 28, 1)\nprint(json.dumps(torch.log(predict(pixels)).flatten().tolist()))`;
      const run = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(Array.from(test.images.subarray(0, 100 * 784))), encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(run.status, run.stderr).toBe(0);
      const torchLog = JSON.parse(run.stdout) as number[];
      const torchDifference = torchLog.reduce((max, v, i) => Math.max(max, Math.abs(v - (nnlabLog[i] as number))), 0);
      console.log(`${model}: PyTorch (model.py) max log-probability difference on 100 test images ${torchDifference.toExponential(2)}`);
      expect(torchDifference).toBeLessThan(1e-4);
    } else {
      console.log('skipped running model.py: /usr/bin/python3 has no torch (apt-get install python3-torch)');
    }

    // nnlab predict: the checkpoint (tfjs) and the ONNX file (onnxruntime-web) score the test split as training did.
    for (const source of [save, `${save}.onnx`]) {
      const predicted = await nnlab(['predict', source, 'mnist-10k', '--backend', backend, '--json']);
      expect(predicted.code).toBe(0);
      expect(predicted.json.accuracy).toBeCloseTo(trained.json.testAccuracy as number, 10);
      expect(predicted.json.examples).toBe(2000);
    }
  }, 240_000);
});

describe('nnlab predict with image files, summary and export errors', () => {
  it('classifies PNGs, converting size and colour with a note; --invert reads dark-on-light drawings', async () => {
    const save = join(dir, 'mlp');
    const test = (await loadDatasetByName('mnist-10k')).test;
    const digit = test.images.subarray(0, 784);
    await writeFile(join(dir, 'exact.png'), png(digit, 28, 1, false));
    await writeFile(join(dir, 'drawn.png'), png(digit, 28, 3, true));
    const label = test.labels[0] as number;
    const plain = await nnlab(['predict', save, join(dir, 'exact.png'), '--backend', 'cpu', '--json']);
    expect(plain.code).toBe(0);
    const predictions = plain.json.predictions as Array<{ top: Array<{ class: number; probability: number }> }>;
    expect(predictions[0]?.top).toHaveLength(3);
    expect(predictions[0]?.top[0]?.class).toBe(label);
    const drawn = await nnlab(['predict', save, join(dir, 'drawn.png'), '--invert', '--backend', 'cpu', '--top', '1']);
    expect(drawn.code).toBe(0);
    expect(drawn.err).toMatch(/note: .*drawn\.png is 84x84; resized to 28x28 grey, the model's input/);
    expect(drawn.out).toMatch(new RegExp(`drawn\\.png +${label} \\d+\\.\\d%$`, 'm'));
    const notInverted = await nnlab(['predict', save, `folder:${dir}`, '--backend', 'cpu']);
    expect(notInverted.code).toBe(0);
    expect(notInverted.err).toMatch(/1 image is mostly light; MNIST-style models expect light strokes on black: try --invert/);
    expect(notInverted.out).toMatch(/: 2 examples/);
  }, 60_000);

  it('checkpoint import: a PyTorch state dict (Debian PyTorch fixture) becomes a checkpoint with PyTorch\'s logits', async () => {
    const fixtures = join(import.meta.dirname, '..', '..', '..', 'packages', 'export', 'src', 'fixtures');
    const expected = JSON.parse(await readFile(join(fixtures, 'torch-fixtures.json'), 'utf8')) as { images: number[]; models: Record<string, { logits: number[][] }> };
    const out = join(dir, 'imported');
    const imported = await nnlab(['checkpoint', 'import', join(fixtures, 'torch-cnn.safetensors'), '--model', 'cnn', '--out', out, '--no-normalize', '--json']);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.json).toMatchObject({ command: 'checkpoint import', model: 'cnn', normalization: null, inputShape: [28, 28, 1] });
    const loaded = await loadCheckpointModel(out, { backends: knownBackends(), backendName: 'cpu', purpose: 'test', requireInput: true });
    const logits = tf.tidy(() => loaded.model.forward(tf.tensor4d(expected.images, [4, 28, 28, 1])).dataSync());
    loaded.model.dispose();
    const torch = expected.models.cnn?.logits.flat() ?? [];
    expect(Array.from(logits).reduce((max, v, i) => Math.max(max, Math.abs(v - (torch[i] as number))), 0)).toBeLessThan(1e-4);
    const predicted = await nnlab(['predict', out, 'mnist-10k', '--backend', 'cpu', '--limit', '1']);
    expect(predicted.code).toBe(0);
    const wrong = await nnlab(['checkpoint', 'import', join(fixtures, 'torch-cnn.safetensors'), '--model', 'mlp', '--out', join(dir, 'wrong')]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^nnlab: error: .*torch-cnn\.safetensors does not fit this model .*missing tensors: 1\.weight/);
    expect((await nnlab(['checkpoint', 'import', join(fixtures, 'torch-cnn.safetensors'), '--model', 'cnn', '--out', out])).err).toMatch(/--out .* already holds a checkpoint/);
  }, 60_000);

  it('summary of a model string and of a checkpoint', async () => {
    const fromString = await nnlab(['summary', 'cnn3', '--batch-size', '32', '--json']);
    expect(fromString.code).toBe(0);
    expect(fromString.json).toMatchObject({ command: 'summary', parameters: 454_250, batchSize: 32, memoryEstimate: { parameters: 454_734 } });
    // The same estimate train's --max-memory refuses models with.
    expect(fromString.err).toMatch(/training needs about [\d.]+ [MG]B \(the estimate --max-memory checks: /);
    expect(fromString.err).toMatch(/^16 +Linear\(inFeatures=18432, outFeatures=10, bias=true\) +\[32, 10\] +184,330 +1\.28 kB$/m);
    const fromCheckpoint = await nnlab(['summary', join(dir, 'mlp')]);
    expect(fromCheckpoint.out).toMatch(/^mlp:784-300-10 from .*checkpoint-\d+, input \[batch, 28, 28, 1\]$/m);
  });

  it('refuses checkpoints without normalisation statistics, missing checkpoints and unknown formats, in one line', async () => {
    const save = join(dir, 'mlp');
    const latest = (await readFile(join(save, 'latest'), 'utf8')).trim();
    const old = join(dir, 'old');
    await cp(save, old, { recursive: true });
    const metadataFile = join(old, latest, 'checkpoint.json');
    const { input: _input, ...metadata } = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
    await writeFile(metadataFile, JSON.stringify(metadata));
    const refused = await nnlab(['export', old]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^nnlab: error: .*old\/checkpoint-\d+: the checkpoint does not record the input shape and normalisation statistics .*\(it was written by an older nnlab\), so nnlab export cannot reproduce training's preprocessing; train again/);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect((await nnlab(['predict', old, 'mnist-10k', '--backend', 'cpu'])).err).toMatch(/so nnlab predict cannot reproduce training's preprocessing/);
    expect((await nnlab(['export', join(dir, 'nowhere')])).err).toMatch(/^nnlab: error: export: no checkpoint at .*nowhere/);
    expect((await nnlab(['export', save, '--format', 'keras'])).code).toBe(2);
    expect((await nnlab(['predict', `${save}.onnx`, join(dir, 'missing.png')])).err).toMatch(/^nnlab: error: image not found: .*missing\.png$/m);
  });
});

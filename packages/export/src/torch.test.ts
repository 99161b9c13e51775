import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { Rng } from '@nnlab/core';
import { Conv2d, Flatten, ReLU, Sequential } from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { decodeSafetensors } from '@nnlab/checkpoint';
import { exportTorch } from './export-torch.js';
import { importTorch } from './import-torch.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
interface TorchFixtures {
  readonly images: number[];
  readonly models: Record<string, { file: string; logits: number[][] }>;
}
let fixtures: TorchFixtures;

beforeAll(async () => {
  await wasmBackend.activate();
  fixtures = JSON.parse(await readFile(join(FIXTURES, 'torch-fixtures.json'), 'utf8')) as TorchFixtures;
});

function logits(model: ReturnType<typeof buildModel>, images: readonly number[]): Float32Array {
  model.eval();
  return tf.tidy(() => model.forward(tf.tensor4d([...images], [images.length / 784, 28, 28, 1])).dataSync() as Float32Array);
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

// Fixtures: tools/export/torch_fixtures.py (Debian's PyTorch 1.13), state dicts saved as safetensors.
describe('importTorch: PyTorch state dicts into nnlab models', () => {
  it.each(['cnn', 'mlp:784-16-10,batchnorm=true'])('%s gives PyTorch\'s logits within 1e-4', async (spec) => {
    const fixture = fixtures.models[spec];
    if (fixture === undefined) throw new Error(`no fixture for ${spec}`);
    const model = buildModel(spec, { rng: new Rng(5) });
    const before = tf.memory().numTensors;
    importTorch(model, await readFile(join(FIXTURES, fixture.file)), [28, 28, 1], fixture.file);
    expect(tf.memory().numTensors).toBe(before);
    const difference = maxDifference(logits(model, fixtures.images), fixture.logits.flat());
    console.log(`${spec}: max |nnlab - PyTorch| logit difference ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(1e-4);
    model.dispose();
  });

  it('names missing, unexpected and mis-shaped tensors', async () => {
    const bytes = await readFile(join(FIXTURES, 'torch-mlp-bn.safetensors'));
    const model = buildModel('mlp:784-32-10', { rng: new Rng(0) });
    expect(() => importTorch(model, bytes, [28, 28, 1], 'torch-mlp-bn.safetensors')).toThrow(
      /torch-mlp-bn\.safetensors does not fit this model .*unexpected tensors: 2\.weight, 2\.bias, 2\.running_mean, 2\.running_var, 2\.num_batches_tracked, 4\.weight, 4\.bias; shape or dtype mismatch: 1\.weight/,
    );
    model.dispose();
  });
});

describe('exportTorch', () => {
  it('writes PyTorch\'s layout: importing the file back gives the same model (import matches PyTorch above)', async () => {
    const model = buildModel('cnn', { rng: new Rng(2) });
    const exported = await exportTorch(model, { inputShape: [28, 28, 1], normalization: { mean: [0.13], std: [0.31] }, classNames: ['zero'] });
    const tensors = decodeSafetensors(exported.safetensors).tensors;
    expect(tensors.get('0.weight')?.shape).toEqual([16, 1, 5, 5]);
    expect(tensors.get('7.weight')?.shape).toEqual([128, 800]);
    const copy = buildModel('cnn', { rng: new Rng(9) });
    importTorch(copy, exported.safetensors, [28, 28, 1], 'export');
    expect(maxDifference(logits(copy, fixtures.images), logits(model, fixtures.images))).toBe(0);
    expect(exported.python).toContain('nn.Conv2d(1, 16, 5, stride=1, padding=0, bias=True),  # 0');
    expect(exported.python).toContain('nn.Linear(800, 128, bias=True),  # 7');
    expect(exported.python).toContain('MEAN = torch.tensor([0.13])');
    model.dispose();
    copy.dispose();
  });

  it('refuses a Flatten of images that no Linear reads (PyTorch flattens in another order)', async () => {
    const model = new Sequential(new Conv2d(1, 2, 1, { rng: new Rng(0) }), new ReLU(), new Flatten());
    await expect(exportTorch(model, { inputShape: [3, 3, 1], normalization: null })).rejects.toThrow(/layer 2 \(Flatten\) of \[3, 3, 2\] images is not followed by a Linear/);
    model.dispose();
  });
});

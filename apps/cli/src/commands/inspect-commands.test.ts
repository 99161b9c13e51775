import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, MNIST_FAMILY_FILES } from '@nnlab/datasets/node';
import { main } from '../program.js';
import { encodeMat } from '../reliability/mat-writer.test-helper.js';
import { captureOutput } from '../test-output.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-inspect-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> }> {
  const io = captureOutput();
  const code = await main(args, io);
  // With --json, the human lines go to stderr and stdout holds the one JSON document.
  const json = args.includes('--json');
  return { code, out: json ? io.err() : io.out(), err: io.err(), json: code === 0 && json ? io.lastJson() : {} };
}

const images = encodeIdx({ dtype: 'uint8', shape: [4, 2, 3], data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) });
const labels = encodeIdx({ dtype: 'uint8', shape: [4], data: Uint8Array.from([0, 1, 1, 2]) });

describe('nnlab data inspect', () => {
  it('idx:FILE reads one IDX file, raw or gzip (by its bytes, whatever the name), images or labels', async () => {
    const imagesPath = join(root, 'images.idx');
    const labelsPath = join(root, 'labels-gzipped.bin');
    await writeFile(imagesPath, images);
    await writeFile(labelsPath, gzipSync(labels));
    const imageRun = await run(['data', 'inspect', `idx:${imagesPath}`, '--json']);
    expect(imageRun.code).toBe(0);
    const imageSplit = (imageRun.json.splits as Record<string, Record<string, unknown>>).file;
    expect(imageSplit).toMatchObject({ examples: 4, shape: [2, 3], channels: 1, dtype: 'uint8', pixels: { min: 0, max: 230 } });
    expect((imageSplit?.pixels as { mean: number }).mean).toBeCloseTo(115, 6);
    const labelRun = await run(['data', 'inspect', `idx:${labelsPath}`, '--json']);
    expect(labelRun.code).toBe(0);
    expect(labelRun.json.kind).toBe('labels');
    expect((labelRun.json.splits as Record<string, Record<string, unknown>>).file?.classCounts).toEqual([1, 2, 1]);
  });

  it('mnist:DIR, folder:DIR,size=N and mat:FILE report both splits with class counts and statistics', async () => {
    const mnistDir = join(root, 'mnist');
    await mkdir(mnistDir, { recursive: true });
    for (const key of ['trainImages', 'testImages'] as const) await writeFile(join(mnistDir, `${MNIST_FAMILY_FILES[key]}.gz`), gzipSync(images));
    for (const key of ['trainLabels', 'testLabels'] as const) await writeFile(join(mnistDir, MNIST_FAMILY_FILES[key]), labels);
    const mnist = await run(['data', 'inspect', `mnist:${mnistDir}`, '--json']);
    expect(mnist.code).toBe(0);
    const mnistTrain = (mnist.json.splits as Record<string, { pixels: { max: number } }>).train;
    expect(mnistTrain).toMatchObject({ examples: 4, shape: [2, 3, 1], classCounts: [1, 2, 1, 0, 0, 0, 0, 0, 0, 0], pixels: { min: 0 } });
    expect(mnistTrain?.pixels.max).toBeCloseTo(230 / 255, 6);

    for (const [label, shade] of [['cat', 0], ['dog', 255]] as const) {
      for (let i = 0; i < 5; i++) {
        const png = new PNG({ width: 6, height: 6 });
        png.data.fill(shade);
        for (let p = 3; p < png.data.length; p += 4) png.data[p] = 255;
        await mkdir(join(root, 'folder', label), { recursive: true });
        await writeFile(join(root, 'folder', label, `${i}.png`), PNG.sync.write(png));
      }
    }
    const folder = await run(['data', 'inspect', `folder:${join(root, 'folder')},size=4,channels=3`, '--json']);
    expect(folder.code).toBe(0);
    expect(folder.json.classNames).toEqual(['cat', 'dog']);
    const splits = folder.json.splits as Record<string, { examples: number; shape: number[]; classCounts: number[] }>;
    expect((splits.train?.examples ?? 0) + (splits.test?.examples ?? 0)).toBe(10);
    expect(splits.train?.shape).toEqual([4, 4, 3]);

    const matPath = join(root, 'data.mat');
    const n = 10;
    await writeFile(matPath, encodeMat([
      { name: 'pixels', dims: [n, 4], values: Array.from({ length: n * 4 }, (_, i) => (i % 5) / 4) },
      { name: 'target', dims: [n, 1], values: Array.from({ length: n }, (_, i) => (i % 2) + 1) },
    ], { compress: true }));
    const mat = await run(['data', 'inspect', `mat:${matPath},x=pixels,y=target`, '--json']);
    expect(mat.code, mat.err).toBe(0);
    const matSplits = mat.json.splits as Record<string, { examples: number; shape: number[] }>;
    expect((matSplits.train?.examples ?? 0) + (matSplits.test?.examples ?? 0)).toBe(10);
    expect(matSplits.train?.shape).toEqual([2, 2, 1]);
  });

  it('mnist-10k with --preview writes a PNG grid of 64 labelled images', async () => {
    const preview = join(root, 'preview.png');
    const result = await run(['data', 'inspect', 'mnist-10k', '--preview', preview]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/train: 8000 examples, shape 28x28x1 \(1 channel\), float32/);
    expect(result.out).toMatch(/10 classes: 0:\d+ 1:\d+/);
    const png = PNG.sync.read(await readFile(preview));
    // 8 columns of 56-pixel images with 2-pixel gaps; 8 rows with an 11-pixel caption strip each.
    expect([png.width, png.height]).toEqual([8 * 58 + 2, 8 * 69 + 2]);
    const red = Array.from({ length: png.width * png.height }, (_, i) => png.data[i * 4] === 200 && png.data[i * 4 + 1] === 0).filter(Boolean).length;
    expect(red).toBeGreaterThan(64 * 10); // every image has its label drawn
  });

  it('names the file and the problem for a broken IDX file (exit 1)', async () => {
    const path = join(root, 'broken.idx');
    await writeFile(path, images.subarray(0, images.length - 1));
    const result = await run(['data', 'inspect', `idx:${path}`]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^nnlab: error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated`));
  });
});

describe('nnlab checkpoint inspect', () => {
  let saveDir = '';
  beforeAll(async () => {
    saveDir = join(root, 'run');
    const io = captureOutput();
    const code = await main(['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '64', '--batch-size', '32', '--epochs', '1', '--no-progress', '--save', saveDir], io);
    expect(code, io.err()).toBe(0);
  });

  it('lists tensors, metadata and epoch/step of a checkpoint directory, and checks it against a model', async () => {
    const result = await run(['checkpoint', 'inspect', saveDir, '--model', 'mlp:784-8-10', '--json']);
    expect(result.code, result.err).toBe(0);
    expect(result.json).toMatchObject({ model: 'mlp:784-8-10', epoch: 1, step: 2, formatVersion: expect.any(Number), fitsModel: 'mlp:784-8-10' });
    const tensors = result.json.tensors as Array<{ file: string; name: string; dtype: string; shape: number[] }>;
    expect(tensors.filter((t) => t.file.endsWith('model.safetensors')).map((t) => [t.name, t.dtype, t.shape])).toEqual([
      ['1.weight', 'F32', [8, 784]],
      ['1.bias', 'F32', [8]],
      ['3.weight', 'F32', [10, 8]],
      ['3.bias', 'F32', [10]],
    ]);
    expect(tensors.some((t) => t.file.endsWith('optimizer.safetensors'))).toBe(true);
    expect(result.out).toMatch(/fits model mlp:784-8-10/);
  });

  it('reads a single .safetensors file, and names every missing, unexpected and mis-shaped tensor for the wrong model', async () => {
    const name = (await readFile(join(saveDir, 'latest'), 'utf8')).trim();
    const file = join(saveDir, name, 'model.safetensors');
    const single = await run(['checkpoint', 'inspect', file, '--json']);
    expect(single.code).toBe(0);
    expect(single.json.epoch).toBeNull();
    expect((single.json.tensors as unknown[]).length).toBe(4);
    const wrong = await run(['checkpoint', 'inspect', file, '--model', 'mlp:784-16-10,batchnorm=true']);
    expect(wrong.code).toBe(1);
    const line = wrong.err.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^nnlab: error: .*model\.safetensors does not fit this model/);
    expect(line).toMatch(/missing tensors: .*running_mean/);
    expect(line).toMatch(/shape or dtype mismatch: 1\.weight \(model has float32 \[16, 784\], file has float32 \[8, 784\]\)/);
  });
});

import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Rng } from '@nnlab/core';
import { encodeIdx, MNIST_FAMILY_FILES } from '@nnlab/datasets/node';
import { encodeSafetensors } from '@nnlab/checkpoint';
import { PNG } from 'pngjs';
import { encodeMat, type MatVariable } from './mat-writer.test-helper.js';

/** What a catalogue case must do: fail clearly, load, or either (odd but valid input). */
export type Expectation = 'error' | 'loads' | 'either';

/** One generated input and the CLI arguments that feed it to the real `nnlab`. */
export interface BadInputCase {
  readonly id: string;
  readonly family: string;
  readonly args: readonly string[];
  readonly expect: Expectation;
}

const u8 = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const flip = (bytes: Uint8Array, at: number, mask = 0xff): Uint8Array => {
  const out = Uint8Array.from(bytes);
  const index = at < 0 ? out.length + at : at;
  out[index] = (out[index] ?? 0) ^ mask;
  return out;
};

/** An IDX header (magic, type byte, dims) followed by `data`. */
function idxBytes(type: number, dims: readonly number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return cat(header, data);
}

function pngBytes(width: number, height: number, seed: number, options: { bitDepth?: 8 | 16 } = {}): Buffer {
  const rng = new Rng(seed);
  const png = new PNG({ width, height, ...(options.bitDepth === 16 ? { bitDepth: 16 } : {}) });
  for (let i = 0; i < width * height; i++) png.data.set([rng.int(256), rng.int(256), rng.int(256), 255], i * 4);
  return PNG.sync.write(png, options.bitDepth === 16 ? { bitDepth: 16 } : {});
}

/** A PNG whose IHDR claims width x height but holds almost nothing: a decompression bomb's header. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const valid = pngBytes(2, 2, 0);
  const out = Uint8Array.from(valid);
  const view = new DataView(out.buffer);
  view.setUint32(16, width, false);
  view.setUint32(20, height, false);
  return out; // the IHDR CRC no longer matches either
}

function safetensorsRaw(header: unknown, data: Uint8Array, headerText?: string): Uint8Array {
  const text = headerText ?? JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
  return cat(prefix, json, data);
}

/**
 * Generates the reliability catalogue under `root` (seeded; nothing is
 * committed but this code) and returns one case per input: IDX, gzip,
 * MNIST-format folders, image folders, .mat, safetensors, checkpoint
 * metadata, and bad command-line values. `checkpoint` is a valid checkpoint
 * directory (made by a real `nnlab train --save`) that checkpoint cases copy and break.
 */
export async function generateBadInputs(root: string, checkpoint: { directory: string; files: Record<string, Uint8Array> } | undefined): Promise<BadInputCase[]> {
  const rng = new Rng(20261122);
  const cases: BadInputCase[] = [];
  const file = async (name: string, bytes: Uint8Array | string): Promise<string> => {
    const path = join(root, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, bytes);
    return path;
  };
  const add = (family: string, id: string, args: readonly string[], expect: Expectation = 'error'): void => {
    cases.push({ family, id: `${family}/${id}`, args, expect });
  };

  // ---- IDX (one file through `data inspect idx:FILE`)
  const pixels = Uint8Array.from({ length: 5 * 4 * 3 }, () => rng.int(256));
  const images = idxBytes(0x08, [5, 4, 3], pixels);
  const labels = idxBytes(0x08, [5], u8(0, 1, 2, 1, 0));
  const idx = async (id: string, bytes: Uint8Array, expect: Expectation = 'error'): Promise<void> => add('idx', id, ['data', 'inspect', `idx:${await file(`idx/${id}.idx`, bytes)}`], expect);
  await idx('valid-images', images, 'loads');
  await idx('valid-labels', labels, 'loads');
  await idx('valid-float32', encodeIdx({ dtype: 'float32', shape: [2, 2, 2], data: new Float32Array([0, 0.5, 1, 2, 3, 4, 5, 6]) }), 'loads');
  await idx('empty', new Uint8Array(0));
  await idx('three-bytes', u8(0, 0, 8));
  await idx('magic-0100', flip(images, 0, 0x01));
  await idx('magic-text', new TextEncoder().encode('<html>404 Not Found</html>'));
  await idx('type-07', flip(images, 2, 0x08 ^ 0x07));
  await idx('type-ff', flip(images, 2, 0x08 ^ 0xff));
  await idx('zero-dims', idxBytes(0x08, [], pixels));
  await idx('200-dims', cat(u8(0, 0, 8, 200), new Uint8Array(64)));
  await idx('header-claims-1e12-pixels', idxBytes(0x08, [1_000_000, 1_000_000, 1], new Uint8Array(16)));
  await idx('header-claims-4g-dim', idxBytes(0x0d, [0xffffffff, 0xffffffff], new Uint8Array(16)));
  await idx('truncated-header', images.subarray(0, 9));
  await idx('truncated-data', images.subarray(0, images.length - 5));
  await idx('trailing-bytes', cat(images, u8(1, 2, 3)));
  await idx('float32-misaligned', idxBytes(0x0d, [3], new Uint8Array(11)));
  await idx('zero-examples', idxBytes(0x08, [0, 4, 3], new Uint8Array(0)), 'either');
  await idx('float32-with-nan', encodeIdx({ dtype: 'float32', shape: [1, 2, 2], data: new Float32Array([0, Number.NaN, 1, 2]) }), 'either');

  // ---- gzip (the same IDX, compressed and then broken)
  const gz = gzipSync(images);
  await idx('gzip-valid-without-gz-name', gz, 'loads');
  await idx('gzip-truncated', gz.subarray(0, gz.length - 12));
  await idx('gzip-crc', flip(gz, -6));
  await idx('gzip-isize', flip(gz, -2));
  await idx('gzip-trailing-garbage', cat(gz, new TextEncoder().encode('garbage after the stream')), 'either');
  await idx('gzip-magic-only', u8(0x1f, 0x8b));
  await idx('gzip-corrupt-deflate', flip(gz, 14));
  await idx('gzip-of-garbage', gzipSync(new TextEncoder().encode('this is not an IDX file at all')));
  await idx('gzip-of-empty', gzipSync(new Uint8Array(0)));

  // ---- MNIST-format folders (`data inspect mnist:DIR`)
  const split = (count: number, h = 4, w = 3, labelType = 0x08, labelBytes?: Uint8Array) => ({
    images: idxBytes(0x08, [count, h, w], Uint8Array.from({ length: count * h * w }, () => rng.int(256))),
    labels: idxBytes(labelType, [count], labelBytes ?? Uint8Array.from({ length: count }, (_, i) => i % 3)),
  });
  const mnistDir = async (id: string, files: Partial<Record<keyof typeof MNIST_FAMILY_FILES, Uint8Array>>, expect: Expectation = 'error'): Promise<void> => {
    const dir = join(root, 'mnist', id);
    await mkdir(dir, { recursive: true });
    for (const [key, bytes] of Object.entries(files)) if (bytes !== undefined) await writeFile(join(dir, MNIST_FAMILY_FILES[key as keyof typeof MNIST_FAMILY_FILES]), bytes);
    add('mnist-folder', id, ['data', 'inspect', `mnist:${dir}`], expect);
  };
  const train = split(6);
  const test = split(3);
  const full = { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
  await mnistDir('valid', full, 'loads');
  await mnistDir('empty', {});
  await mnistDir('missing-train-labels', { ...full, trainLabels: undefined } as never);
  await mnistDir('missing-test-images', { trainImages: train.images, trainLabels: train.labels, testLabels: test.labels });
  await mnistDir('swapped-images-labels', { ...full, trainImages: train.labels, trainLabels: train.images });
  await mnistDir('train-test-shape-mismatch', { ...full, testImages: split(3, 5, 3).images });
  await mnistDir('count-mismatch', { ...full, trainLabels: split(7).labels });
  await mnistDir('negative-label', { ...full, trainLabels: idxBytes(0x09, [6], u8(0, 1, 0xff, 1, 0, 2)) });
  await mnistDir('label-out-of-range-200', { ...full, trainLabels: idxBytes(0x08, [6], u8(0, 1, 200, 1, 0, 2)) }, 'either');
  await mnistDir('float-labels', { ...full, trainLabels: encodeIdx({ dtype: 'float32', shape: [6], data: new Float32Array([0, 1, 0.5, 1, 0, 2]) }) });
  await mnistDir('truncated-test-images', { ...full, testImages: test.images.subarray(0, test.images.length - 1) });
  await mnistDir('labels-rank-2', { ...full, trainLabels: idxBytes(0x08, [6, 1], u8(0, 1, 2, 1, 0, 2)) });
  {
    const dir = join(root, 'mnist', 'images-is-a-directory');
    await mkdir(join(dir, MNIST_FAMILY_FILES.trainImages), { recursive: true });
    for (const key of ['trainLabels', 'testImages', 'testLabels'] as const) await writeFile(join(dir, MNIST_FAMILY_FILES[key]), full[key]);
    add('mnist-folder', 'images-is-a-directory', ['data', 'inspect', `mnist:${dir}`]);
  }
  add('mnist-folder', 'path-is-a-file', ['data', 'inspect', `mnist:${await file('mnist/a-file', 'x')}`]);
  add('mnist-folder', 'does-not-exist', ['data', 'inspect', `mnist:${join(root, 'mnist', 'nope')}`]);

  // ---- image folders (`data inspect folder:DIR,size=8`)
  const folder = async (id: string, files: Record<string, Uint8Array | string>, options = ',size=8', expect: Expectation = 'error'): Promise<string> => {
    const dir = join(root, 'folder', id);
    await mkdir(dir, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) await file(join('folder', id, name), bytes);
    add('image-folder', id, ['data', 'inspect', `folder:${dir}${options}`], expect);
    return dir;
  };
  const good: Record<string, Uint8Array> = {};
  for (const label of ['a', 'b']) for (let i = 0; i < 5; i++) good[`${label}/${i}.png`] = pngBytes(8, 8, i + (label === 'a' ? 0 : 10));
  await folder('valid', good, ',size=8', 'loads');
  await folder('empty', {});
  await folder('one-class', { 'a/0.png': good['a/0.png'] as Uint8Array, 'a/1.png': good['a/1.png'] as Uint8Array });
  await folder('classes-without-images', { 'a/readme.txt': 'hi', 'b/notes.md': 'hi' });
  await folder('all-corrupt', { 'a/0.png': Uint8Array.from({ length: 64 }, () => rng.int(256)), 'b/0.png': Uint8Array.from({ length: 64 }, () => rng.int(256)) });
  await folder('all-zero-byte', { 'a/0.png': new Uint8Array(0), 'b/0.png': new Uint8Array(0) });
  await folder('one-zero-byte-among-good', { ...good, 'a/empty.png': new Uint8Array(0) }, ',size=8', 'loads');
  await folder('one-truncated-among-good', { ...good, 'b/cut.png': pngBytes(8, 8, 99).subarray(0, 40) }, ',size=8', 'loads');
  await folder('decompression-bomb-header', { ...good, 'a/bomb.png': pngHeaderOnly(100_000, 100_000) }, ',size=8', 'either');
  await folder('only-bombs', { 'a/bomb.png': pngHeaderOnly(60_000, 60_000), 'b/bomb.png': pngHeaderOnly(70_000, 70_000) });
  await folder('mixed-sizes-no-size-option', { 'a/0.png': pngBytes(8, 8, 1), 'a/1.png': pngBytes(9, 7, 2), 'b/0.png': pngBytes(8, 8, 3), 'b/1.png': pngBytes(8, 8, 4) }, '', 'either');
  await folder('sixteen-bit', Object.fromEntries(Object.keys(good).map((k, i) => [k, pngBytes(8, 8, i, { bitDepth: 16 })])), ',size=8', 'either');
  await folder('unicode-class-names', { 'çà/0.png': pngBytes(8, 8, 1), 'çà/1.png': pngBytes(8, 8, 2), '日本/0.png': pngBytes(8, 8, 3), '日本/1.png': pngBytes(8, 8, 4) }, ',size=8', 'loads');
  await folder('size-zero', good, ',size=0');
  await folder('size-text', good, ',size=abc');
  await folder('size-huge', good, ',size=100000');
  await folder('channels-2', good, ',size=8,channels=2');
  await folder('unknown-option', good, ',size=8,colour=red');
  {
    const dir = await folder('symlink-loop', good, ',size=8', 'either');
    await symlink(dir, join(dir, 'a', 'loop'));
  }
  add('image-folder', 'does-not-exist', ['data', 'inspect', `folder:${join(root, 'folder', 'nope')},size=8`]);
  add('image-folder', 'no-path', ['data', 'inspect', 'folder:']);

  // ---- .mat (`data inspect mat:FILE,...`)
  const n = 10;
  const X: MatVariable = { name: 'X', dims: [n, 16], values: Array.from({ length: n * 16 }, () => rng.float()) };
  const y: MatVariable = { name: 'y', dims: [n, 1], values: Array.from({ length: n }, (_, i) => (i % 3) + 1) };
  const mat = async (id: string, bytes: Uint8Array, options = '', expect: Expectation = 'error'): Promise<void> =>
    add('mat', id, ['data', 'inspect', `mat:${await file(`mat/${id}.mat`, bytes)}${options}`], expect);
  const validMat = encodeMat([X, y]);
  const compressedMat = encodeMat([X, y], { compress: true });
  await mat('valid', validMat, '', 'loads');
  await mat('valid-compressed', compressedMat, '', 'loads');
  await mat('empty', new Uint8Array(0));
  await mat('truncated-header', validMat.subarray(0, 64));
  await mat('header-only', validMat.subarray(0, 128));
  await mat('truncated-element', validMat.subarray(0, 400));
  await mat('truncated-compressed', compressedMat.subarray(0, compressedMat.length - 20));
  await mat('corrupt-zlib', flip(compressedMat, 140));
  await mat('hdf5-v7.3', cat(new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .'.padEnd(116, ' ')), new Uint8Array(12), u8(0, 2, 0x49, 0x4d), new Uint8Array(384), u8(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a)));
  await mat('v4-without-X', await readFile(join(import.meta.dirname, '../../../../packages/datasets/src/fixtures/small-v4.mat')));
  await mat('big-endian-header', encodeMat([X, y], { endian: 'MI' }), '', 'either');
  await mat('missing-X', encodeMat([y]));
  await mat('missing-y', encodeMat([X]));
  await mat('option-x-names-missing-variable', validMat, ',x=NOPE');
  await mat('X-not-square', encodeMat([{ ...X, dims: [n, 15], values: Array.from(X.values).slice(0, n * 15) }, y]));
  await mat('y-length-mismatch', encodeMat([X, { ...y, dims: [n - 1, 1], values: Array.from(y.values).slice(1) }]));
  await mat('y-fractional', encodeMat([X, { ...y, values: Array.from(y.values, (v) => v + 0.5) }]));
  await mat('y-nan', encodeMat([X, { ...y, values: Array.from(y.values, (v, i) => (i === 2 ? Number.NaN : v)) }]));
  await mat('dims-claim-2e9', encodeMat([{ ...X, dims: [2_000_000_000, 2_000_000_000] }, y]));
  await mat('element-size-past-end', (() => { const bytes = Uint8Array.from(validMat); new DataView(bytes.buffer).setUint32(132, 0x7fffffff, true); return bytes; })());
  await mat('unknown-option', validMat, ',z=1');
  await mat('html-page', new TextEncoder().encode('<!DOCTYPE html><html><body>Not found</body></html>'.padEnd(200, ' ')));

  // ---- safetensors (`checkpoint inspect FILE.safetensors`)
  const st = async (id: string, bytes: Uint8Array, expect: Expectation = 'error'): Promise<void> => add('safetensors', id, ['checkpoint', 'inspect', await file(`safetensors/${id}.safetensors`, bytes)], expect);
  const f32 = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
  const validSt = encodeSafetensors([['w', { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }]], { format: 'pt' });
  const one = (entry: Record<string, unknown>, data: Uint8Array = f32, extra: Record<string, unknown> = {}): Uint8Array => safetensorsRaw({ w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24], ...entry }, ...extra }, data);
  await st('valid', validSt, 'loads');
  await st('empty', new Uint8Array(0));
  await st('seven-bytes', new Uint8Array(7));
  await st('length-2^60', (() => { const b = Uint8Array.from(validSt); new DataView(b.buffer).setBigUint64(0, 1n << 60n, true); return b; })());
  await st('length-past-end', (() => { const b = Uint8Array.from(validSt); new DataView(b.buffer).setBigUint64(0, BigInt(validSt.length), true); return b; })());
  await st('length-zero', (() => { const b = Uint8Array.from(validSt); new DataView(b.buffer).setBigUint64(0, 0n, true); return b; })());
  await st('header-not-json', safetensorsRaw(undefined, f32, '{"w": {"dtype": "F32", '));
  await st('header-array', safetensorsRaw([1, 2], new Uint8Array(0)));
  await st('header-invalid-utf8', cat(u8(4, 0, 0, 0, 0, 0, 0, 0), u8(0x7b, 0xff, 0xfe, 0x7d)));
  await st('dtype-unknown', one({ dtype: 'Q7' }));
  await st('dtype-number', one({ dtype: 3 }));
  await st('shape-negative', one({ shape: [-2, -3] }));
  await st('shape-fraction', one({ shape: [1.5, 4] }));
  await st('shape-not-array', one({ shape: '2x3' }));
  await st('offsets-out-of-range', one({ data_offsets: [0, 4000] }));
  await st('offsets-reversed', one({ data_offsets: [24, 0] }));
  await st('offsets-negative', one({ data_offsets: [-8, 16] }));
  await st('shape-offsets-disagree', one({ shape: [2, 2] }));
  await st('wrong-total-size-trailing', one({}, cat(f32, new Uint8Array(8))));
  await st('wrong-total-size-short', one({}, f32.subarray(0, 20)));
  await st('overlapping', safetensorsRaw({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] } }, f32));
  await st('gap', safetensorsRaw({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [16, 24] } }, f32));
  await st('duplicate-names', safetensorsRaw(undefined, f32, '{"w":{"dtype":"F32","shape":[6],"data_offsets":[0,24]},"w":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}'));
  await st('metadata-number', one({}, f32, { __metadata__: { epoch: 3 } }));
  await st('metadata-array', one({}, f32, { __metadata__: ['a'] }));
  await st('entry-extra-key', one({ extra: 1 }));
  await st('bool-value-2', safetensorsRaw({ m: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, u8(1, 2)));
  await st('dims-claim-2^53', one({ shape: [2 ** 53, 2 ** 53] }));

  // ---- checkpoint directories (`checkpoint inspect DIR`)
  if (checkpoint !== undefined) {
    const ckpt = async (id: string, change: (files: Record<string, Uint8Array>) => Record<string, Uint8Array | undefined>, extraArgs: readonly string[] = [], expect: Expectation = 'error'): Promise<void> => {
      const dir = join(root, 'checkpoint', id);
      await mkdir(dir, { recursive: true });
      for (const [name, bytes] of Object.entries(change({ ...checkpoint.files }))) if (bytes !== undefined) await writeFile(join(dir, name), bytes);
      add('checkpoint', id, ['checkpoint', 'inspect', dir, ...extraArgs], expect);
    };
    const meta = JSON.parse(new TextDecoder().decode(checkpoint.files['checkpoint.json'])) as Record<string, unknown>;
    const withMeta = (patch: Record<string, unknown>) => (files: Record<string, Uint8Array>) => ({ ...files, 'checkpoint.json': new TextEncoder().encode(JSON.stringify({ ...meta, ...patch })) });
    await ckpt('valid', (f) => f, [], 'loads');
    await ckpt('valid-fits-model', (f) => f, ['--model', String(meta.model)], 'loads');
    await ckpt('does-not-fit-model', (f) => f, ['--model', 'mlp:784-20-10']);
    await ckpt('empty-dir', () => ({}));
    await ckpt('metadata-not-json', (f) => ({ ...f, 'checkpoint.json': new TextEncoder().encode('{"format": "nnlab-checkpoint", ') }));
    await ckpt('metadata-array', (f) => ({ ...f, 'checkpoint.json': new TextEncoder().encode('[]') }));
    await ckpt('metadata-format-version-99', withMeta({ formatVersion: 99 }));
    await ckpt('metadata-format-other', withMeta({ format: 'pytorch-pickle' }));
    await ckpt('metadata-position-negative', withMeta({ position: { epoch: -1, batchesDone: 0, globalStep: 0 } }));
    await ckpt('metadata-files-missing', withMeta({ files: undefined }));
    await ckpt('metadata-sha-wrong', withMeta({ files: { ...(meta.files as object), 'model.safetensors': { ...(meta.files as Record<string, { bytes: number }>)['model.safetensors'], sha256: '0'.repeat(64) } } }));
    await ckpt('model-file-missing', (f) => ({ ...f, 'model.safetensors': undefined }));
    await ckpt('model-file-byte-flipped', (f) => ({ ...f, 'model.safetensors': flip(f['model.safetensors'] as Uint8Array, -3) }));
    await ckpt('model-file-truncated', (f) => ({ ...f, 'model.safetensors': (f['model.safetensors'] as Uint8Array).subarray(0, 100) }));
    await ckpt('optimizer-file-zero-bytes', (f) => ({ ...f, 'optimizer.safetensors': new Uint8Array(0) }));
    {
      const rootDir = join(root, 'checkpoint', 'latest-escapes');
      await mkdir(rootDir, { recursive: true });
      await writeFile(join(rootDir, 'latest'), '../../../etc');
      add('checkpoint', 'latest-escapes', ['checkpoint', 'inspect', rootDir]);
    }
  }

  // ---- command-line values and model/grid/scheduler strings (fail before any data is loaded)
  const trainCase = (id: string, args: readonly string[], expect: Expectation = 'error'): void => add('cli', id, ['train', '--epochs', '1', '--limit', '8', '--no-progress', '--backend', 'cpu', ...args], expect);
  trainCase('lr-negative', ['--lr', '-1']);
  trainCase('lr-zero', ['--lr', '0']);
  trainCase('lr-nan', ['--lr', 'NaN']);
  trainCase('lr-infinity', ['--lr', 'Infinity']);
  trainCase('batch-size-zero', ['--batch-size', '0']);
  trainCase('batch-size-fraction', ['--batch-size', '2.5']);
  trainCase('epochs-zero', ['--epochs', '0']);
  trainCase('seed-negative', ['--seed', '-1']);
  trainCase('momentum-negative', ['--momentum', '-0.5']);
  trainCase('optimizer-unknown', ['--optimizer', 'lion']);
  trainCase('dataset-unknown', ['--dataset', 'imagenet']);
  trainCase('backend-unknown', ['--backend', 'cuda']);
  trainCase('on-nan-unknown', ['--on-nan', 'ignore']);
  trainCase('model-unknown', ['--model', 'resnet50']);
  trainCase('model-dropout-1.5', ['--model', 'mlp:784-32-10,dropout=1.5']);
  trainCase('model-layer-zero', ['--model', 'mlp:784-0-10']);
  trainCase('model-letters', ['--model', 'mlp:abc-def']);
  trainCase('model-unknown-option', ['--model', 'mlp:784-32-10,activation=swishy']);
  trainCase('scheduler-unknown', ['--scheduler', 'bogus']);
  trainCase('scheduler-step-size-zero', ['--scheduler', 'step:size=0']);
  trainCase('scheduler-gamma-text', ['--scheduler', 'exponential:gamma=fast']);
  trainCase('save-is-a-file', ['--save', await file('cli/a-file', 'x')]);
  trainCase('resume-missing', ['--resume', join(root, 'cli', 'no-such-run')]);
  add('cli', 'sweep-grid-empty', ['sweep', '--model', 'mlp:784-{h}-10', '--grid', 'h=']);
  add('cli', 'sweep-grid-no-equals', ['sweep', '--model', 'mlp:784-{h}-10', '--grid', 'nonsense']);
  add('cli', 'sweep-placeholder-without-grid', ['sweep', '--model', 'mlp:784-{h}-10', '--epochs', '1']);
  add('cli', 'data-inspect-no-source', ['data', 'inspect']);
  add('cli', 'checkpoint-inspect-missing', ['checkpoint', 'inspect', join(root, 'nothing-here')]);
  add('cli', 'unknown-command', ['frobnicate']);
  return cases;
}

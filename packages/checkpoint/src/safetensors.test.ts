import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError, NotFoundError } from '@nnlab/core';
import { decodeSafetensors, MAX_SAFETENSORS_HEADER_BYTES } from './decode-safetensors.js';
import { encodeSafetensors } from './encode-safetensors.js';
import { readSafetensorsFile } from './read-safetensors-file.js';
import type { SafetensorsTensor } from './safetensors-dtype.js';

const sample: Array<[string, SafetensorsTensor]> = [
  ['a.weight', { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, -6.5]) }],
  ['b', { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, -1e300]) }],
  ['c', { dtype: 'I32', shape: [3], data: new Int32Array([-1, 0, 2147483647]) }],
  ['d', { dtype: 'I64', shape: [1], data: new BigInt64Array([-(2n ** 40n)]) }],
  ['e', { dtype: 'U8', shape: [2], data: new Uint8Array([0, 255]) }],
  ['f', { dtype: 'BOOL', shape: [2, 1], data: new Uint8Array([1, 0]) }],
  ['empty', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) }],
  ['scalar', { dtype: 'F32', shape: [], data: new Float32Array([7]) }],
];

/** A file whose header is `header` (a JSON value or raw text) followed by `dataBytes` zero bytes. */
function file(header: unknown, dataBytes = 0, declaredLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, declaredLength ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

const entry = (dtype: string, shape: number[], begin: number, end: number) => ({ dtype, shape, data_offsets: [begin, end] });

describe('safetensors', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('round-trips every dtype, empty and scalar tensors, order and metadata; data starts 8-byte aligned', () => {
    const bytes = encodeSafetensors(sample, { format: 'pt', note: 'ü' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const { tensors, metadata } = decodeSafetensors(bytes, 'x.safetensors');
    expect(metadata).toEqual({ format: 'pt', note: 'ü' });
    expect([...tensors.keys()]).toEqual(sample.map(([name]) => name));
    for (const [name, tensor] of sample) expect(tensors.get(name)).toEqual(tensor);
  });

  it('writes the layout PyTorch\'s reader expects (offsets relative to the data area, little-endian)', () => {
    const bytes = encodeSafetensors([['w', { dtype: 'F32', shape: [1], data: new Float32Array([1]) }], ['i', { dtype: 'I32', shape: [1], data: new Int32Array([2]) }]]);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
    expect(header).toEqual({ w: entry('F32', [1], 0, 4), i: entry('I32', [1], 4, 8) });
    expect([...bytes.subarray(8 + headerLength)]).toEqual([0, 0, 0x80, 0x3f, 2, 0, 0, 0]);
  });

  it('keeps a tensor named __proto__ as data, not as a prototype', () => {
    const decoded = decodeSafetensors(encodeSafetensors([['__proto__', { dtype: 'U8', shape: [1], data: new Uint8Array([3]) }]]));
    expect(decoded.tensors.get('__proto__')?.data).toEqual(new Uint8Array([3]));
  });

  it.each([
    ['an empty file', new Uint8Array(0), /0 bytes long, shorter than the 8-byte header length/],
    ['a header length over the cap', file({}, 0, BigInt(MAX_SAFETENSORS_HEADER_BYTES) + 1n), /over the 100000000-byte limit/],
    ['a 2^64-1 header length', file({}, 0, 2n ** 64n - 1n), /over the 100000000-byte limit/],
    ['a header length past the end', file({}, 0, 1000n), /header length 1000 is more than the 2 bytes that follow/],
    ['a zero header length', file('', 0), /header length 0 is too small/],
    ['invalid JSON', file('{"a":'), /not valid JSON/],
    ['invalid UTF-8', (() => { const f = file('{"\u00e9":1}'); f[11] = 0xff; return f; })(), /not valid UTF-8/],
    ['a JSON array', file([1, 2]), /must be a JSON object/],
    ['an unknown dtype', file({ a: entry('F16', [1], 0, 2) }, 2), /tensor "a" has dtype "F16"; nnlab reads F32, F64, I32, I64, U8, BOOL/],
    ['a negative dimension', file({ a: entry('F32', [-1], 0, 4) }, 4), /tensor "a" has shape \[-1\]/],
    ['a fractional dimension', file({ a: entry('F32', [1.5], 0, 4) }, 4), /tensor "a" has shape \[1.5\]/],
    ['offsets that are not a pair', file({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4), /data_offsets \[0\]/],
    ['reversed offsets', file({ a: entry('F32', [0], 4, 0) }, 4), /0 <= begin <= end/],
    ['a size that disagrees with the shape', file({ a: entry('F32', [2], 0, 4) }, 4), /F32 of shape \[2\] needs 8 bytes, but data_offsets \[0, 4\] span 4/],
    ['offsets past the end', file({ a: entry('F32', [2], 0, 8) }, 4), /ends at byte 8 of the data, but the file holds only 4 data bytes/],
    ['overlapping tensors', file({ a: entry('F32', [2], 0, 8), b: entry('F32', [1], 4, 8) }, 8), /"a" and "b" overlap/],
    ['a gap between tensors', file({ a: entry('F32', [1], 0, 4), b: entry('F32', [1], 8, 12) }, 12), /4 unused bytes before tensor "b"/],
    ['trailing bytes', file({ a: entry('F32', [1], 0, 4) }, 6), /2 bytes after the last tensor/],
    ['a duplicate name', file('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', 1), /"a" appears twice/],
    ['an unexpected entry key', file({ a: { ...entry('U8', [1], 0, 1), extra: 1 } }, 1), /keys \[data_offsets, dtype, extra, shape\]/],
    ['an entry that is not an object', file({ a: 3 }), /tensor "a" must be an object/],
    ['non-string metadata', file({ __metadata__: { epoch: 3 } }), /"__metadata__" value "epoch" must be a string, got 3/],
    ['metadata that is not an object', file({ __metadata__: 'x' }), /"__metadata__" must be an object of strings/],
    ['a BOOL byte of 2', (() => { const f = file({ a: entry('BOOL', [1], 0, 1) }, 1); f[f.length - 1] = 2; return f; })(), /BOOL but holds bytes other than 0 and 1/],
    ['a shape whose size overflows', file({ a: entry('F32', [2 ** 40, 2 ** 40], 0, 4) }, 4), /has shape \[1099511627776,1099511627776\]/],
  ])('refuses %s with a DataFormatError naming the file', (_label, bytes, message) => {
    let caught: unknown;
    try {
      decodeSafetensors(bytes, 'bad.safetensors');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataFormatError);
    expect((caught as Error).message).toMatch(/^bad\.safetensors: not a valid safetensors file: /);
    expect((caught as Error).message).toMatch(message);
  });

  it('refuses a truncated copy of a valid file at every length', () => {
    const bytes = encodeSafetensors(sample.slice(0, 3));
    for (let length = 0; length < bytes.length; length++) {
      expect(() => decodeSafetensors(bytes.subarray(0, length), 't')).toThrow(DataFormatError);
    }
  });

  it.each([
    [[['a', { dtype: 'F16', shape: [1], data: new Float32Array(1) }]], /unknown dtype "F16"/],
    [[['a', { dtype: 'F32', shape: [2], data: new Float32Array(1) }]], /needs 2 elements in a Float32Array, got Float32Array of length 1/],
    [[['a', { dtype: 'I32', shape: [1], data: new Float32Array(1) }]], /in a Int32Array, got Float32Array/],
    [[['__metadata__', { dtype: 'U8', shape: [1], data: new Uint8Array(1) }]], /reserved or repeated/],
    [[['a', { dtype: 'U8', shape: [1], data: new Uint8Array(1) }], ['a', { dtype: 'U8', shape: [1], data: new Uint8Array(1) }]], /reserved or repeated/],
  ] as Array<[Array<[string, SafetensorsTensor]>, RegExp]>)('encode refuses bad input %#', (tensors, message) => {
    expect(() => encodeSafetensors(tensors)).toThrow(InvalidArgumentError);
    expect(() => encodeSafetensors(tensors)).toThrow(message);
  });

  it('reads files from disk and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nnlab-st-'));
    dirs.push(dir);
    const path = join(dir, 'w.safetensors');
    await writeFile(path, encodeSafetensors(sample));
    expect((await readSafetensorsFile(path)).tensors.size).toBe(sample.length);
    await expect(readSafetensorsFile(join(dir, 'nope.safetensors'))).rejects.toThrow(NotFoundError);
    await writeFile(path, new Uint8Array([1, 2, 3]));
    await expect(readSafetensorsFile(path)).rejects.toThrow(`${path}: not a valid safetensors file`);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from './encode-idx.js';
import type { IdxArray } from './idx-array.js';
import { decodeIdx, readIdx, readIdxFile } from './read-idx.js';

const samples: IdxArray[] = [
  { dtype: 'uint8', shape: [2, 3], data: Uint8Array.from([0, 1, 127, 128, 254, 255]) },
  { dtype: 'int8', shape: [4], data: Int8Array.from([-128, -1, 0, 127]) },
  { dtype: 'int16', shape: [2, 2], data: Int16Array.from([-32768, -2, 258, 32767]) },
  { dtype: 'int32', shape: [3], data: Int32Array.from([-2147483648, 16909060, 2147483647]) },
  { dtype: 'float32', shape: [1, 3], data: Float32Array.from([-1.5, 0.1, 3.4e38]) },
  { dtype: 'float64', shape: [2, 1, 1], data: Float64Array.from([Math.PI, -1e-300]) },
];

/** Raw header bytes: 00 00 type ndims, then big-endian uint32 dims. */
function header(type: number, dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d, false));
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('readIdx', () => {
  for (const sample of samples) {
    for (const gzip of [false, true]) {
      it(`round-trips ${sample.dtype} ${gzip ? 'gzip' : 'raw'}`, async () => {
        const bytes = encodeIdx(sample, { gzip });
        expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
        const back = await readIdx(bytes, 'sample');
        expect(back.dtype).toBe(sample.dtype);
        expect(back.shape).toEqual(sample.shape);
        expect(back.data.constructor).toBe(sample.data.constructor);
        expect(Array.from(back.data)).toEqual(Array.from(sample.data));
      });
    }
  }

  it('writes big-endian bytes as the IDX spec says', () => {
    const bytes = encodeIdx({ dtype: 'int16', shape: [1], data: Int16Array.from([0x0102]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 1, 0x01, 0x02]);
  });

  it('reports truncated data with the header claim and the real size', async () => {
    const bytes = concat(header(0x08, [60000, 28, 28]), new Uint8Array(1000));
    await expect(readIdx(gzipSync(bytes), 'train-images-idx3-ubyte.gz')).rejects.toThrow(
      'train-images-idx3-ubyte.gz: truncated: header says 60000x28x28 uint8 = 47040000 bytes of data, file has 1000',
    );
  });

  it('reports trailing bytes', () => {
    const bytes = concat(header(0x0c, [2]), new Uint8Array(9));
    expect(() => decodeIdx(bytes, 'f')).toThrow(/trailing bytes: header says 2 int32 = 8 bytes of data, file has 9/);
  });

  it('rejects a bad magic number', () => {
    const bytes = concat(Uint8Array.from([0x50, 0x4b, 0x08, 0x01]), new Uint8Array(8));
    expect(() => decodeIdx(bytes, 'x.zip')).toThrow(/x\.zip: not an IDX file: magic number starts with 50 4b, expected 00 00/);
  });

  it('rejects an unknown type byte', () => {
    expect(() => decodeIdx(concat(header(0x0a, [1]), new Uint8Array(1)))).toThrow(/unknown IDX type byte 0a/);
  });

  it('rejects zero or too many dimensions, and headers cut short', () => {
    expect(() => decodeIdx(Uint8Array.from([0, 0, 8, 0]))).toThrow(/0 dimensions, expected 1 to 16/);
    expect(() => decodeIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]))).toThrow(/truncated header: 3 dimensions need 16/);
    expect(() => decodeIdx(Uint8Array.from([0, 0]))).toThrow(/shorter than the 4-byte magic/);
  });

  it('refuses absurd header claims before allocating anything', () => {
    const bytes = concat(header(0x0e, [0xffffffff, 0xffffffff, 0xffffffff]), new Uint8Array(16));
    const start = performance.now();
    expect(() => decodeIdx(bytes, 'huge')).toThrow(DataFormatError);
    expect(() => decodeIdx(bytes, 'huge')).toThrow(/truncated: header says 4294967295x4294967295x4294967295 float64/);
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('reports gzip that does not decompress', async () => {
    const broken = gzipSync(encodeIdx(samples[0] as IdxArray)).subarray(0, 12);
    await expect(readIdx(broken, 'broken.gz')).rejects.toThrow(/broken\.gz: starts like gzip \(1f 8b\) but does not decompress/);
  });

  describe('readIdxFile', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'nnlab-idx-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('detects gzip by content, not by name', async () => {
      const path = join(dir, 'labels.idx');
      await writeFile(path, encodeIdx(samples[0] as IdxArray, { gzip: true }));
      expect((await readIdxFile(path)).shape).toEqual([2, 3]);
      const raw = join(dir, 'raw.gz');
      await writeFile(raw, encodeIdx(samples[1] as IdxArray));
      expect((await readIdxFile(raw)).dtype).toBe('int8');
    });

    it('names the file in errors', async () => {
      const path = join(dir, 'bad-idx1-ubyte');
      await writeFile(path, concat(header(0x08, [5]), new Uint8Array(3)));
      await expect(readIdxFile(path)).rejects.toThrow(`${path}: truncated`);
      await expect(readIdxFile(join(dir, 'missing'))).rejects.toThrow(NotFoundError);
    });
  });
});

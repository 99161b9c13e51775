import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataFormatError, isNnlabError } from '@nnlab/core';
import { sniffImage } from '@nnlab/datasets';
import { encodeIdx, readIdx, readMat } from '@nnlab/datasets/node';
import { decodeSafetensors, encodeSafetensors } from '@nnlab/checkpoint';
import { PNG } from 'pngjs';
import { encodeMat } from './mat-writer.test-helper.js';

/**
 * Property-based fuzzing of the binary parsers (issue 10): random
 * truncations, byte flips and random headers of valid files only ever give
 * a valid result or our typed error, never another exception, a hang or a
 * huge allocation (each run is timed and heap growth bounded).
 */
const RUNS = 200;

const validIdx = encodeIdx({ dtype: 'uint8', shape: [3, 4, 4], data: Uint8Array.from({ length: 48 }, (_, i) => i) });
const validSafetensors = encodeSafetensors([
  ['a', { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }],
  ['b', { dtype: 'I32', shape: [2], data: new Int32Array([7, 8]) }],
], { note: 'x' });
const validMat = encodeMat([{ name: 'X', dims: [3, 4], values: Array.from({ length: 12 }, (_, i) => i) }, { name: 'y', dims: [3, 1], values: [1, 2, 1] }]);
const validCompressedMat = encodeMat([{ name: 'X', dims: [3, 4], values: Array.from({ length: 12 }, (_, i) => i) }], { compress: true });
const validPng = (() => {
  const png = new PNG({ width: 3, height: 2 });
  png.data.fill(128);
  return new Uint8Array(PNG.sync.write(png));
})();

/** A mutation of `base`: truncated, bytes flipped, or bytes overwritten with random values (headers included). */
const mutated = (base: Uint8Array) =>
  fc.oneof(
    fc.nat({ max: base.length }).map((n) => base.slice(0, n)),
    fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }).map((flips) => {
      const out = Uint8Array.from(base);
      for (const [at, mask] of flips) out[at] = (out[at] ?? 0) ^ mask;
      return out;
    }),
    fc.tuple(fc.nat({ max: Math.min(base.length - 1, 160) }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, bytes]) => {
      const out = Uint8Array.from(base);
      out.set(bytes.subarray(0, out.length - at), at);
      return out;
    }),
    fc.uint8Array({ maxLength: 64 }),
  );

/** Runs `parse` and fails on anything but success or an nnlab error; also bounds time and heap growth. */
async function onlyTypedErrors(parse: () => unknown): Promise<void> {
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  try {
    await parse();
  } catch (error) {
    if (!isNnlabError(error)) throw new Error(`not an nnlab error: ${String(error)}`, { cause: error });
  }
  expect(performance.now() - started).toBeLessThan(2000);
  expect(process.memoryUsage().heapUsed - heap).toBeLessThan(64 * 1024 * 1024);
}

describe('binary parsers under random corruption (fast-check)', () => {
  it('readIdx (raw and gzip)', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(mutated(validIdx), mutated(new Uint8Array(gzipSync(validIdx)))), (bytes) => onlyTypedErrors(() => readIdx(bytes, 'fuzz.idx'))), { numRuns: RUNS, seed: 1 });
  });

  it('decodeSafetensors', async () => {
    await fc.assert(fc.asyncProperty(mutated(validSafetensors), (bytes) => onlyTypedErrors(() => decodeSafetensors(bytes, 'fuzz.safetensors'))), { numRuns: RUNS, seed: 2 });
  });

  it('decodeSafetensors with random JSON headers', async () => {
    const header = fc.dictionary(fc.string({ maxLength: 4 }), fc.record({ dtype: fc.constantFrom('F32', 'I32', 'BOOL', 'U8', 'F64', 'X'), shape: fc.array(fc.integer({ min: -2, max: 2 ** 40 }), { maxLength: 3 }), data_offsets: fc.tuple(fc.integer({ min: -1, max: 64 }), fc.integer({ min: -1, max: 2 ** 40 })) }), { maxKeys: 3 });
    await fc.assert(fc.asyncProperty(header, fc.uint8Array({ maxLength: 64 }), (json, data) => {
      const text = new TextEncoder().encode(JSON.stringify(json));
      const bytes = new Uint8Array(8 + text.length + data.length);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
      bytes.set(text, 8);
      bytes.set(data, 8 + text.length);
      return onlyTypedErrors(() => decodeSafetensors(bytes, 'fuzz.safetensors'));
    }), { numRuns: RUNS, seed: 3 });
  });

  it('readMat (plain and compressed)', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(mutated(validMat), mutated(validCompressedMat)), (bytes) => onlyTypedErrors(() => readMat(bytes, { source: 'fuzz.mat' }))), { numRuns: RUNS, seed: 4 });
  });

  it('sniffImage never throws and never reports impossible sizes', async () => {
    await fc.assert(fc.asyncProperty(mutated(validPng), async (bytes) => {
      await onlyTypedErrors(() => {
        const header = sniffImage(bytes);
        if (header !== undefined) expect(header.width >= 0 && header.height >= 0).toBe(true);
      });
    }), { numRuns: RUNS, seed: 5 });
  });

  it('a valid file parses (the properties above are not vacuous)', async () => {
    expect((await readIdx(validIdx)).shape).toEqual([3, 4, 4]);
    expect([...decodeSafetensors(validSafetensors).tensors.keys()]).toEqual(['a', 'b']);
    expect(Object.keys(readMat(validMat))).toEqual(['X', 'y']);
    expect(sniffImage(validPng)).toMatchObject({ format: 'png', width: 3, height: 2 });
    await expect(readIdx(validIdx.subarray(0, 10), 'cut.idx')).rejects.toThrow(DataFormatError);
  });
});

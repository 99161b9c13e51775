import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { IDX_TYPES, type IdxArray, type IdxDataByDtype, type IdxDtype } from './idx-array.js';
import { MAX_DATA_FILE_BYTES, readBoundedFile } from './read-bounded-file.js';

const gunzipAsync = promisify(gunzip);

/** IDX files with more dimensions than this are treated as corrupt headers. */
const MAX_DIMENSIONS = 16;

/**
 * Decodes an IDX file (the MNIST family's format) from its bytes, raw or
 * gzip-compressed. Gzip is recognised by its magic bytes `1f 8b`, never by
 * file name. The header is checked before anything is allocated: magic
 * `00 00`, a known type byte, 1 to 16 dimensions, and a data length equal to
 * the product of the dimensions (truncated files and trailing bytes are both
 * errors). Errors are {@link DataFormatError}s prefixed with `source`.
 *
 * @param buffer file contents (raw IDX or gzip of it)
 * @param source file name or URL used in error messages
 * @example
 * const labels = await readIdx(await readFile('t10k-labels-idx1-ubyte.gz'), 't10k-labels');
 * labels.shape; // [10000]
 */
export async function readIdx(buffer: Uint8Array, source?: string): Promise<IdxArray> {
  return decodeIdx(await maybeGunzip(buffer, source), source);
}

/**
 * Reads and decodes an IDX file (raw or gzip) from disk; see {@link readIdx}.
 *
 * @example
 * const images = await readIdxFile('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
 * images.shape; // [10000, 28, 28]
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    // A regular file of at most 2 GiB: /dev/zero or a FIFO is refused at once instead of read forever.
    bytes = await readBoundedFile(path, MAX_DATA_FILE_BYTES, 'an IDX file');
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`IDX file not found: ${path}`, { cause: error });
    throw error;
  }
  return readIdx(bytes, path);
}

/** True when `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function maybeGunzip(buffer: Uint8Array, source: string | undefined): Promise<Uint8Array> {
  if (!isGzip(buffer)) return buffer;
  try {
    // A gzip bomb stops at the same limit as a file.
    return await gunzipAsync(buffer, { maxOutputLength: MAX_DATA_FILE_BYTES });
  } catch (error) {
    throw new DataFormatError(`starts like gzip (1f 8b) but does not decompress: ${(error as Error).message}`, source, {
      cause: error,
    });
  }
}

/** Decodes uncompressed IDX bytes; exported for the synchronous path in tests and tools. */
export function decodeIdx(bytes: Uint8Array, source?: string): IdxArray {
  const fail = (message: string): never => {
    throw new DataFormatError(message, source);
  };
  if (bytes.length < 4) fail(`not an IDX file: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`not an IDX file: magic number starts with ${hex(bytes[0])} ${hex(bytes[1])}, expected 00 00`);
  }
  const typeByte = bytes[2] as number;
  const type = IDX_TYPES[typeByte as keyof typeof IDX_TYPES];
  if (type === undefined) {
    fail(`unknown IDX type byte ${hex(typeByte)}, expected one of 08 (ubyte), 09 (byte), 0b (short), 0c (int), 0d (float), 0e (double)`);
  }
  const { dtype, bytes: itemBytes } = type as (typeof IDX_TYPES)[keyof typeof IDX_TYPES];
  const ndims = bytes[3] as number;
  if (ndims < 1 || ndims > MAX_DIMENSIONS) fail(`IDX header has ${ndims} dimensions, expected 1 to ${MAX_DIMENSIONS}`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    fail(`truncated header: ${ndims} dimensions need ${headerBytes} header bytes, file has ${bytes.length}`);
  }
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  // A float product is exact up to 2^53 and only ever compared with the real
  // length, so absurd headers (4e9 x 4e9 ...) are refused before allocating.
  const expected = shape.reduce((a, b) => a * b, 1) * itemBytes;
  const actual = bytes.length - headerBytes;
  if (expected !== actual) {
    const what = expected > actual ? 'truncated' : 'trailing bytes';
    fail(
      `${what}: header says ${shape.join('x')} ${dtype} = ${expected} bytes of data, file has ${actual} after the ${headerBytes}-byte header`,
    );
  }
  return { dtype, shape, data: decodeData(dtype, view, headerBytes, actual / itemBytes) } as IdxArray;
}

function decodeData(dtype: IdxDtype, view: DataView, offset: number, length: number): IdxDataByDtype[IdxDtype] {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + length));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + length));
    case 'int16': {
      const out = new Int16Array(length);
      for (let i = 0; i < length; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(length);
      for (let i = 0; i < length; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(length);
      for (let i = 0; i < length; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}

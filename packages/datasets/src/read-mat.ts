import { inflateSync } from 'node:zlib';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { readMatHeader } from './mat-header.js';
import { MAX_DATA_FILE_BYTES, readBoundedFile } from './read-bounded-file.js';

/** MATLAB numeric classes {@link readMat} reads. */
export type MatClass = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

/** One numeric MATLAB variable, converted to row-major (C) order. */
export interface MatMatrix {
  /** MATLAB's dimensions (at least two: a scalar is `[1, 1]`, a column `[n, 1]`). */
  readonly shape: number[];
  /** The values in row-major order: `data[i * shape[1] + j]` is MATLAB's `A(i+1, j+1)`. */
  readonly data: Float64Array;
  /** The variable's MATLAB class (logical arrays are `uint8` with `logical: true`). */
  readonly matlabClass: MatClass;
  readonly logical: boolean;
}

/** Options of {@link readMat}. */
export interface ReadMatOptions {
  /** File name for error messages. */
  readonly source?: string;
  /** Told about each variable that is not a real numeric array (char, cell, struct, sparse, complex, ...). */
  readonly onSkip?: (name: string, reason: string) => void;
}

const CLASSES: Record<number, MatClass | string> = {
  1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8',
  10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64', 16: 'function', 17: 'opaque',
};
const NUMERIC = new Set(['double', 'single', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);
/** Bytes per value of each numeric data type (miINT8 = 1 ... miUINT64 = 13). */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

/**
 * Reads the numeric variables of a MATLAB level-5 MAT-file (what `save` writes
 * by default up to `-v7`, compressed or not, either byte order): doubles,
 * singles, integers and logicals of any number of dimensions, converted from
 * MATLAB's column-major order to row-major. Other variables are skipped and
 * reported through `onSkip`. v7.3 (HDF5) and v4 files, truncated or damaged
 * data are {@link DataFormatError}s naming the file. int64 values beyond 2^53
 * lose precision.
 *
 * @example
 * const { X, y } = readMat(await readFile('ex4data1.mat'), { source: 'ex4data1.mat' });
 * X.shape; // [5000, 400]
 */
export function readMat(bytes: Uint8Array, options: ReadMatOptions = {}): Record<string, MatMatrix> {
  const { source, onSkip } = options;
  const { littleEndian } = readMatHeader(bytes, source);
  const variables: Record<string, MatMatrix> = Object.create(null) as Record<string, MatMatrix>;
  const reader = new ElementReader(littleEndian, source);
  reader.walk(bytes, 128, (type, payload, at) => {
    if (type === MI_COMPRESSED) {
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(payload, { maxOutputLength: MAX_DATA_FILE_BYTES });
      } catch (error) {
        throw new DataFormatError(`compressed element at byte ${at} cannot be decompressed (${(error as Error).message}); the file is truncated or damaged`, source, { cause: error });
      }
      reader.walk(inflated, 0, (innerType, inner, innerAt) => {
        if (innerType === MI_MATRIX) addMatrix(reader.matrix(inner, `byte ${at} (+${innerAt} inside the compressed element)`), variables, onSkip);
      });
    } else if (type === MI_MATRIX) {
      addMatrix(reader.matrix(payload, `byte ${at}`), variables, onSkip);
    }
  });
  return variables;
}

/** {@link readMat} on a file; a missing file is a {@link NotFoundError}. */
export async function readMatFile(path: string, options: Omit<ReadMatOptions, 'source'> = {}): Promise<Record<string, MatMatrix>> {
  // A regular file of at most 2 GiB: mat:/dev/zero or a FIFO is refused at once instead of read forever.
  const bytes = await readBoundedFile(path, MAX_DATA_FILE_BYTES, 'a MAT-file');
  return readMat(bytes, { ...options, source: path });
}

type Parsed = { name: string; matrix: MatMatrix } | { name: string; skip: string } | undefined;

function addMatrix(parsed: Parsed, variables: Record<string, MatMatrix>, onSkip: ReadMatOptions['onSkip']): void {
  if (parsed === undefined) return;
  if ('skip' in parsed) onSkip?.(parsed.name, parsed.skip);
  else variables[parsed.name] = parsed.matrix;
}

/** Walks data elements (8-byte tags, or 4-byte "small data element" tags) in one byte order. */
class ElementReader {
  constructor(
    private readonly littleEndian: boolean,
    private readonly source: string | undefined,
  ) {}

  walk(bytes: Uint8Array, start: number, visit: (type: number, payload: Uint8Array, at: number) => void): void {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = start;
    while (at < bytes.length) {
      // Zero padding at the very end is allowed (some writers align the file).
      if (bytes.length - at < 8 && bytes.subarray(at).every((b) => b === 0)) return;
      this.need(bytes, at, 8, 'a data element tag');
      const first = view.getUint32(at, this.littleEndian);
      if (first >>> 16 !== 0) {
        if (first >>> 16 > 4) throw new DataFormatError(`damaged data element at byte ${at}: a small element cannot hold ${first >>> 16} bytes`, this.source);
        visit(first & 0xffff, bytes.subarray(at + 4, at + 4 + (first >>> 16)), at);
        at += 8;
        continue;
      }
      const length = view.getUint32(at + 4, this.littleEndian);
      this.need(bytes, at + 8, length, `the ${length}-byte element that starts at byte ${at}`);
      visit(first, bytes.subarray(at + 8, at + 8 + length), at);
      // Every element but a compressed one is padded to a multiple of 8 bytes.
      at += 8 + (first === MI_COMPRESSED ? length : Math.ceil(length / 8) * 8);
    }
  }

  /** Parses a miMATRIX payload; `where` locates it for messages. */
  matrix(payload: Uint8Array, where: string): Parsed {
    if (payload.length === 0) return undefined; // an empty placeholder element
    const parts: Array<{ type: number; data: Uint8Array }> = [];
    this.walk(payload, 0, (type, data) => {
      if (parts.length < 5) parts.push({ type, data });
    });
    const [flagsPart, dimsPart, namePart, realPart] = parts;
    if (flagsPart === undefined || dimsPart === undefined || namePart === undefined || flagsPart.data.length < 8) {
      throw new DataFormatError(`matrix at ${where} lacks its array flags, dimensions or name`, this.source);
    }
    const flags = new DataView(flagsPart.data.buffer, flagsPart.data.byteOffset, 8).getUint32(0, this.littleEndian);
    const matlabClass = CLASSES[flags & 0xff] ?? `class ${flags & 0xff}`;
    const name = new TextDecoder().decode(namePart.data);
    if (!NUMERIC.has(matlabClass)) return { name, skip: `${matlabClass} arrays are not read (only numeric matrices)` };
    if ((flags & 0x800) !== 0) return { name, skip: 'complex arrays are not read' };
    const shape = Array.from(this.numbers(dimsPart.type, dimsPart.data, where));
    const count = shape.reduce((a, b) => a * b, 1);
    if (shape.length < 2 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new DataFormatError(`variable "${name}" has invalid dimensions [${shape.join(', ')}]`, this.source);
    }
    const values = realPart === undefined ? new Float64Array(0) : this.numbers(realPart.type, realPart.data, where);
    if (values.length !== count) {
      throw new DataFormatError(`variable "${name}" is ${shape.join('x')} (${count} values) but holds ${values.length}; the file is damaged`, this.source);
    }
    return { name, matrix: { shape, data: toRowMajor(values, shape), matlabClass: matlabClass as MatClass, logical: (flags & 0x200) !== 0 } };
  }

  /** Values of a numeric data element as float64, whatever type they are stored in. */
  numbers(type: number, data: Uint8Array, where: string): Float64Array {
    const size = TYPE_SIZES[type];
    if (size === undefined) throw new DataFormatError(`matrix at ${where}: data type ${type} is not numeric`, this.source);
    if (data.length % size !== 0) throw new DataFormatError(`matrix at ${where}: ${data.length} bytes is not a whole number of ${size}-byte values`, this.source);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out = new Float64Array(data.length / size);
    const le = this.littleEndian;
    const read: (at: number) => number = {
      1: (at: number) => view.getInt8(at),
      2: (at: number) => view.getUint8(at),
      3: (at: number) => view.getInt16(at, le),
      4: (at: number) => view.getUint16(at, le),
      5: (at: number) => view.getInt32(at, le),
      6: (at: number) => view.getUint32(at, le),
      7: (at: number) => view.getFloat32(at, le),
      9: (at: number) => view.getFloat64(at, le),
      12: (at: number) => Number(view.getBigInt64(at, le)),
      13: (at: number) => Number(view.getBigUint64(at, le)),
    }[type as 1] as (at: number) => number;
    for (let i = 0; i < out.length; i++) out[i] = read(i * size);
    return out;
  }

  private need(bytes: Uint8Array, at: number, length: number, what: string): void {
    if (at + length > bytes.length) {
      throw new DataFormatError(`truncated: ${what} needs bytes up to ${at + length}, only ${bytes.length} present`, this.source);
    }
  }
}

/** MATLAB's column-major values to row-major order over the same dimensions. */
function toRowMajor(values: Float64Array, shape: readonly number[]): Float64Array {
  const rank = shape.length;
  if (values.length <= 1 || shape.filter((d) => d > 1).length <= 1) return values;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  const out = new Float64Array(values.length);
  const index = new Array<number>(rank).fill(0);
  let target = 0;
  for (let j = 0; j < values.length; j++) {
    out[target] = values[j] as number;
    // Advance the column-major counter (first index fastest), tracking the row-major offset.
    for (let axis = 0; axis < rank; axis++) {
      index[axis]! += 1;
      target += strides[axis] as number;
      if ((index[axis] as number) < (shape[axis] as number)) break;
      target -= (strides[axis] as number) * (shape[axis] as number);
      index[axis] = 0;
    }
  }
  return out;
}

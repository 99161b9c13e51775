import { gzipSync } from 'node:zlib';
import { InvalidArgumentError } from '@nnlab/core';
import { type IdxArray, idxTypeByte } from './idx-array.js';

/**
 * Encodes an array as an IDX file (big-endian), optionally gzip-compressed;
 * the inverse of {@link readIdx}. Handy for exporting data to tools that read
 * MNIST-format files and for writing test fixtures.
 *
 * @example
 * const bytes = encodeIdx({ dtype: 'uint8', shape: [2], data: Uint8Array.from([3, 7]) }, { gzip: true });
 */
export function encodeIdx(array: IdxArray, options: { gzip?: boolean } = {}): Uint8Array {
  const { dtype, shape, data } = array;
  if (shape.length < 1 || shape.length > 255) {
    throw new InvalidArgumentError(`shape must have 1 to 255 dimensions, got ${JSON.stringify(shape)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  shape.forEach((dim, i) => {
    if (!Number.isInteger(dim) || dim < 0 || dim > 0xffffffff) {
      throw new InvalidArgumentError(`shape[${i}] must be an integer in [0, 2^32), got ${dim}`);
    }
  });
  if (data.length !== size) {
    throw new InvalidArgumentError(`data has ${data.length} values, expected ${size} for shape ${shape.join('x')}`);
  }
  const itemBytes = data.BYTES_PER_ELEMENT;
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + size * itemBytes);
  const view = new DataView(out.buffer);
  out[2] = idxTypeByte(dtype);
  out[3] = shape.length;
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim, false));
  for (let i = 0; i < size; i++) {
    const value = data[i] as number;
    const at = headerBytes + i * itemBytes;
    switch (dtype) {
      case 'uint8':
        view.setUint8(at, value);
        break;
      case 'int8':
        view.setInt8(at, value);
        break;
      case 'int16':
        view.setInt16(at, value, false);
        break;
      case 'int32':
        view.setInt32(at, value, false);
        break;
      case 'float32':
        view.setFloat32(at, value, false);
        break;
      case 'float64':
        view.setFloat64(at, value, false);
        break;
    }
  }
  return options.gzip === true ? new Uint8Array(gzipSync(out)) : out;
}

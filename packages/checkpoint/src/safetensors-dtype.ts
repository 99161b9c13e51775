/** Element types nnlab reads and writes in safetensors files (names as the format spells them). */
export type SafetensorsDtype = 'F32' | 'F64' | 'I32' | 'I64' | 'U8' | 'BOOL';

/** The typed array that holds each {@link SafetensorsDtype}'s elements. */
export type SafetensorsData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** One tensor of a safetensors file: element type, shape and row-major data. */
export interface SafetensorsTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: SafetensorsData;
}

/** A decoded safetensors file: tensors in file order and the optional string-to-string `__metadata__`. */
export interface SafetensorsContents {
  readonly tensors: Map<string, SafetensorsTensor>;
  readonly metadata: Record<string, string>;
}

interface DtypeInfo {
  readonly bytes: number;
  readonly create: (buffer: ArrayBuffer) => SafetensorsData;
  readonly matches: (data: unknown) => boolean;
}

/** Bytes per element and typed-array constructor of every supported dtype. */
export const SAFETENSORS_DTYPES: Readonly<Record<SafetensorsDtype, DtypeInfo>> = {
  F32: { bytes: 4, create: (b) => new Float32Array(b), matches: (d) => d instanceof Float32Array },
  F64: { bytes: 8, create: (b) => new Float64Array(b), matches: (d) => d instanceof Float64Array },
  I32: { bytes: 4, create: (b) => new Int32Array(b), matches: (d) => d instanceof Int32Array },
  I64: { bytes: 8, create: (b) => new BigInt64Array(b), matches: (d) => d instanceof BigInt64Array },
  U8: { bytes: 1, create: (b) => new Uint8Array(b), matches: (d) => d instanceof Uint8Array },
  BOOL: { bytes: 1, create: (b) => new Uint8Array(b), matches: (d) => d instanceof Uint8Array },
};

/** True when `value` is one of the {@link SafetensorsDtype} names. */
export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SAFETENSORS_DTYPES, value);
}

/** safetensors data is little-endian; typed arrays use the host's order. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each `width`-byte group in place (little-endian <-> big-endian hosts). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/** Number of elements of `shape`, or undefined when it is not a list of safe integers >= 0 or overflows. */
export function elementCount(shape: unknown): number | undefined {
  if (!Array.isArray(shape)) return undefined;
  let count = 1;
  for (const size of shape) {
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
    count *= size;
    if (!Number.isSafeInteger(count)) return undefined;
  }
  return count;
}

/**
 * IDX element types by their type byte (the third byte of the magic number),
 * as defined on Yann LeCun's MNIST page. All multi-byte values are big-endian.
 */
export const IDX_TYPES = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
} as const;

/** Element type of an IDX file. */
export type IdxDtype = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['dtype'];

/** Typed array for each {@link IdxDtype}. */
export interface IdxDataByDtype {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** A decoded IDX file: an n-dimensional array in row-major order, native endianness. */
export interface IdxArray<D extends IdxDtype = IdxDtype> {
  readonly dtype: D;
  /** Dimension sizes, outermost first (e.g. `[60000, 28, 28]`). */
  readonly shape: readonly number[];
  readonly data: IdxDataByDtype[D];
}

/** Type byte for a dtype (inverse of {@link IDX_TYPES}). */
export function idxTypeByte(dtype: IdxDtype): number {
  for (const [byte, info] of Object.entries(IDX_TYPES)) {
    if (info.dtype === dtype) return Number(byte);
  }
  throw new Error(`unreachable: unknown IDX dtype ${String(dtype)}`);
}

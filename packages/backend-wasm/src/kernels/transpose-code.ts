import { sleb, uleb, type WasmFunctionSpec } from './wasm-module-builder.js';

const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const [I32_ADD, I32_MUL, I32_SHL, I32_AND, I32_GE_S] = [[0x6a], [0x6c], [0x74], [0x71], [0x4e]];
const V128_LOAD = [...simd(0x00), 0x02, 0x00];
const V128_STORE = [...simd(0x0b), 0x02, 0x00];
const [I32_LOAD, I32_STORE] = [[0x28, 0x02, 0x00], [0x36, 0x02, 0x00]];

/** `i8x16.shuffle` picking four 32-bit lanes (0-3 from the first operand, 4-7 from the second). */
const shuffle = (lanes: readonly [number, number, number, number]): number[] => [...simd(0x0d), ...lanes.flatMap((lane) => [4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3])];

/** `for (counter = start; counter < end; counter += step) body` (signed). */
function loop(counter: number, start: number[], end: number, step: number, body: number[]): number[] {
  return [
    ...start, ...set(counter),
    0x02, 0x40, 0x03, 0x40,
    ...get(counter), ...get(end), ...I32_GE_S, 0x0d, 0x01,
    ...body,
    ...get(counter), ...i32(step), ...I32_ADD, ...set(counter),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

/**
 * `transpose2d(src, dst, rows, cols, batch)`: `batch` row-major [rows, cols]
 * matrices of 4-byte values to [cols, rows]. 4x4 blocks move as four
 * v128 loads, eight lane shuffles and four v128 stores; the last 0-3 rows
 * and columns one value at a time. Values are copied as bits (float32 or
 * int32 alike, NaN payloads kept).
 */
export function transposeFunction(): WasmFunctionSpec {
  const [src, dst, rows, cols, batch] = [0, 1, 2, 3, 4];
  const [b, r, c, rows4, cols4, from, to, a0, a1, a2, a3] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  // from = src + ((r * cols + c) << 2), to = dst + ((c * rows + r) << 2)
  const addresses = [
    ...get(src), ...get(r), ...get(cols), ...I32_MUL, ...get(c), ...I32_ADD, ...i32(2), ...I32_SHL, ...I32_ADD, ...set(from),
    ...get(dst), ...get(c), ...get(rows), ...I32_MUL, ...get(r), ...I32_ADD, ...i32(2), ...I32_SHL, ...I32_ADD, ...set(to),
  ];
  const rowBytes = [...get(cols), ...i32(2), ...I32_SHL];
  const colBytes = [...get(rows), ...i32(2), ...I32_SHL];
  const loadRow = (k: number, local: number): number[] => [...get(from), ...(k === 0 ? [] : [...rowBytes, ...i32(k), ...I32_MUL, ...I32_ADD]), ...V128_LOAD, ...set(local)];
  // t0 = a0 b0 a1 b1 (rows 0,1), t1 = a2 b2 a3 b3, t2/t3 the same of rows 2,3; column j = halves of t0/t2 or t1/t3.
  const storeColumn = (k: number, first: number[], second: number[], lanes: readonly [number, number, number, number]): number[] => [
    ...get(to), ...(k === 0 ? [] : [...colBytes, ...i32(k), ...I32_MUL, ...I32_ADD]),
    ...first, ...second, ...shuffle(lanes),
    ...V128_STORE,
  ];
  const t0 = [...get(a0), ...get(a1), ...shuffle([0, 4, 1, 5])];
  const t1 = [...get(a0), ...get(a1), ...shuffle([2, 6, 3, 7])];
  const t2 = [...get(a2), ...get(a3), ...shuffle([0, 4, 1, 5])];
  const t3 = [...get(a2), ...get(a3), ...shuffle([2, 6, 3, 7])];
  const block = [
    ...addresses,
    ...loadRow(0, a0), ...loadRow(1, a1), ...loadRow(2, a2), ...loadRow(3, a3),
    ...storeColumn(0, t0, t2, [0, 1, 4, 5]),
    ...storeColumn(1, t0, t2, [2, 3, 6, 7]),
    ...storeColumn(2, t1, t3, [0, 1, 4, 5]),
    ...storeColumn(3, t1, t3, [2, 3, 6, 7]),
  ];
  const one = [...addresses, ...get(to), ...get(from), ...I32_LOAD, ...I32_STORE];
  const matrixBytes = [...get(rows), ...get(cols), ...I32_MUL, ...i32(2), ...I32_SHL];
  return {
    name: 'transpose2d',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'v128', 'v128', 'v128', 'v128'],
    body: [
      ...get(rows), ...i32(-4), ...I32_AND, ...set(rows4),
      ...get(cols), ...i32(-4), ...I32_AND, ...set(cols4),
      ...loop(b, i32(0), batch, 1, [
        ...loop(r, i32(0), rows4, 4, loop(c, i32(0), cols4, 4, block)),
        ...loop(r, i32(0), rows, 1, loop(c, get(cols4), cols, 1, one)),
        ...loop(r, get(rows4), rows, 1, loop(c, i32(0), cols4, 1, one)),
        ...get(src), ...matrixBytes, ...I32_ADD, ...set(src),
        ...get(dst), ...matrixBytes, ...I32_ADD, ...set(dst),
      ]),
    ],
  };
}

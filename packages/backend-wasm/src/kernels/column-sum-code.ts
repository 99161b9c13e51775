import { sleb, uleb, type WasmFunctionSpec } from './wasm-module-builder.js';

const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const [I32_ADD, I32_GE_U, I32_SHL, I32_AND, I32_MUL] = [[0x6a], [0x4f], [0x74], [0x71], [0x6c]];

function loop(counter: number, end: number, step: number, body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(counter), ...get(end), ...I32_GE_U, 0x0d, 0x01,
    ...body,
    ...get(counter), ...i32(step), ...I32_ADD, ...set(counter),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

/**
 * `columnSum(x, out, rows, cols)`: `out[c] += x[r, c]` for every row `r`
 * in order (the caller zeroes `out`), i.e. the sum over a row-major
 * matrix's leading axis: a bias gradient. Rows are read front to back
 * (streaming), 4 columns per f32x4, the last 0-3 columns one at a time.
 */
export function columnSumFunction(): WasmFunctionSpec {
  const [x, out, rows, cols] = [0, 1, 2, 3];
  const [r, c, colsVector, row] = [4, 5, 6, 7];
  const float = (base: number, index: number[]): number[] => [...get(base), ...index, ...i32(2), ...I32_SHL, ...I32_ADD];
  const element = [...get(row), ...get(c), ...I32_ADD]; // r * cols + c
  const lane = (load: number[], add: number[], store: number[]): number[] => [
    ...float(out, get(c)),
    ...float(out, get(c)), ...load,
    ...float(x, element), ...load,
    ...add, ...store,
  ];
  const vector = lane([...simd(0x00), 0x02, 0x00], simd(0xe4), [...simd(0x0b), 0x02, 0x00]);
  const scalar = lane([0x2a, 0x02, 0x00], [0x92], [0x38, 0x02, 0x00]);
  return {
    name: 'columnSum',
    params: ['i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'i32'],
    body: [
      ...get(cols), ...i32(-4), ...I32_AND, ...set(colsVector),
      ...i32(0), ...set(r),
      ...loop(r, rows, 1, [
        ...get(r), ...get(cols), ...I32_MUL, ...set(row),
        ...i32(0), ...set(c),
        ...loop(c, colsVector, 4, vector),
        ...loop(c, cols, 1, scalar),
      ]),
    ],
  };
}

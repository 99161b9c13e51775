import { sleb, uleb, type WasmFunctionSpec } from './wasm-module-builder.js';

const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const [I32_ADD, I32_GE_U, I32_SHL, I32_AND] = [[0x6a], [0x4f], [0x74], [0x71]];
const V128_LOAD = (offset: number): number[] => [...simd(0x00), 0x00, ...uleb(offset)];
const V128_STORE = (offset: number): number[] => [...simd(0x0b), 0x00, ...uleb(offset)];
const [I8X16_NE, I16X8_EXTEND_LOW_S, I16X8_EXTEND_HIGH_S, I32X4_EXTEND_LOW_S, I32X4_EXTEND_HIGH_S, BITSELECT] = [
  simd(0x24), simd(0x87), simd(0x88), simd(0xa7), simd(0xa8), simd(0x52),
];

function loop(e: number, end: number, step: number, body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(e), ...get(end), ...I32_GE_U, 0x0d, 0x01,
    ...body,
    ...get(e), ...i32(step), ...I32_ADD, ...set(e),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

/**
 * `select(condition, t, e, out, n)`: `out[i] = condition[i] ? t[i] : e[i]`
 * for float32 `t`, `e` and bool (byte) `condition`. 16 elements per
 * iteration: the 16 condition bytes become four `i32x4` lane masks
 * (`!= 0`, sign-extended) for `v128.bitselect`; then one at a time.
 */
export function selectFunction(): WasmFunctionSpec {
  const [condition, t, f, out, n] = [0, 1, 2, 3, 4];
  const [e, end] = [5, 6];
  const [bytes, low, high] = [7, 8, 9];
  const floatAt = (base: number): number[] => [...get(base), ...get(e), ...i32(2), ...I32_SHL, ...I32_ADD];
  const quarter = (offset: number, mask: number[]): number[] => [
    ...floatAt(out),
    ...floatAt(t), ...V128_LOAD(offset),
    ...floatAt(f), ...V128_LOAD(offset),
    ...mask, ...BITSELECT,
    ...V128_STORE(offset),
  ];
  const vectorBody = [
    ...get(condition), ...get(e), ...I32_ADD, ...V128_LOAD(0), ...i32(0), ...simd(0x0f), ...I8X16_NE, ...set(bytes),
    ...get(bytes), ...I16X8_EXTEND_LOW_S, ...set(low),
    ...get(bytes), ...I16X8_EXTEND_HIGH_S, ...set(high),
    ...quarter(0, [...get(low), ...I32X4_EXTEND_LOW_S]),
    ...quarter(16, [...get(low), ...I32X4_EXTEND_HIGH_S]),
    ...quarter(32, [...get(high), ...I32X4_EXTEND_LOW_S]),
    ...quarter(48, [...get(high), ...I32X4_EXTEND_HIGH_S]),
  ];
  const scalarBody = [
    ...floatAt(out),
    ...floatAt(t), 0x2a, 0x02, 0x00,
    ...floatAt(f), 0x2a, 0x02, 0x00,
    ...get(condition), ...get(e), ...I32_ADD, 0x2d, 0x00, 0x00, // i32.load8_u
    0x1b, // select
    0x38, 0x02, 0x00,
  ];
  return {
    name: 'select',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'v128', 'v128', 'v128'],
    body: [
      ...i32(0), ...set(e),
      ...get(n), ...i32(-16), ...I32_AND, ...set(end),
      ...loop(e, end, 16, vectorBody),
      ...get(n), ...set(end),
      ...loop(e, end, 1, scalarBody),
    ],
  };
}

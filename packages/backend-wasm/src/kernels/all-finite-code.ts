import { sleb, uleb, type WasmFunctionSpec } from './wasm-module-builder.js';

const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const [I32_ADD, I32_GE_U, I32_SHL, I32_AND, I32_OR, I32_EQ] = [[0x6a], [0x4f], [0x74], [0x71], [0x72], [0x46]];
const [V128_LOAD, I32X4_SPLAT, V128_AND, I32X4_MAX_U, I32X4_EQ, V128_ANY_TRUE] = [
  [...simd(0x00), 0x00, 0x00], simd(0x11), simd(0x4e), simd(0xb9), simd(0x37), simd(0x53),
];
/** The exponent bits of a float32: all set exactly for NaN and +-Infinity. */
const EXPONENT = 0x7f800000;

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
 * `allFinite(x, n, out)`: writes 0 to the byte at `out` when one of the `n`
 * float32 values at `x` is NaN or +-Infinity, and leaves it alone otherwise
 * (the caller sets it to 1 and calls once per tensor). Integer work on the
 * bits, 4 values per `i32x4`: the running unsigned maximum of the exponent
 * fields reaches `0x7f800000` exactly when some value is not finite (no
 * float arithmetic, so nothing to overflow and no NaN comparisons).
 */
export function allFiniteFunction(): WasmFunctionSpec {
  const [x, n, out] = [0, 1, 2];
  const [e, end, bad, most, exponent] = [3, 4, 5, 6, 7];
  const address = [...get(x), ...get(e), ...i32(2), ...I32_SHL, ...I32_ADD];
  return {
    name: 'allFinite',
    params: ['i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'v128', 'v128'],
    body: [
      ...i32(EXPONENT), ...I32X4_SPLAT, ...set(exponent),
      ...i32(0), ...I32X4_SPLAT, ...set(most),
      ...i32(0), ...set(e),
      ...get(n), ...i32(-4), ...I32_AND, ...set(end),
      ...loop(e, end, 4, [...get(most), ...address, ...V128_LOAD, ...get(exponent), ...V128_AND, ...I32X4_MAX_U, ...set(most)]),
      ...get(most), ...get(exponent), ...I32X4_EQ, ...V128_ANY_TRUE, ...set(bad),
      ...get(n), ...set(end),
      ...loop(e, end, 1, [
        ...get(bad),
        ...address, 0x28, 0x02, 0x00, // i32.load
        ...i32(EXPONENT), ...I32_AND, ...i32(EXPONENT), ...I32_EQ,
        ...I32_OR, ...set(bad),
      ]),
      ...get(bad), 0x04, 0x40, // if
      ...get(out), ...i32(0), 0x3a, 0x00, 0x00, // i32.store8
      0x0b,
    ],
  };
}

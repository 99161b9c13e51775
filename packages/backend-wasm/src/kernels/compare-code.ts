import { sleb, uleb, type WasmFunctionSpec } from './wasm-module-builder.js';

/**
 * Float32 comparisons as WebAssembly SIMD: 16 elements per iteration (four
 * `f32x4` compares, narrowed to 16 bytes of 0/1), then one at a time for
 * the last 0-15. One function per comparison and per shape of `b` (a
 * tensor of `a`'s size, or one number), named like `greater_tensor`,
 * `less_scalar`. Signature `(a, b, out, n)` with `b` an address, or
 * `(a, out, n, b)` with `b` the number.
 */

/** Comparison name -> [f32x4 opcode, f32 opcode]. */
export const COMPARISONS = {
  equal: [0x41, 0x5b],
  notEqual: [0x42, 0x5c],
  less: [0x43, 0x5d],
  greater: [0x44, 0x5e],
  lessEqual: [0x45, 0x5f],
  greaterEqual: [0x46, 0x60],
} as const;

export type Comparison = keyof typeof COMPARISONS;

const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];
const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const [I32_ADD, I32_GE_U, I32_SHL, I32_AND] = [[0x6a], [0x4f], [0x74], [0x71]];
const V128_LOAD = (offset: number): number[] => [...simd(0x00), 0x02, ...uleb(offset)];
const V128_STORE = [...simd(0x0b), 0x00, 0x00];
const I16X8_NARROW_I32X4_S = simd(0x85);
const I8X16_NARROW_I16X8_S = simd(0x65);
const V128_AND = simd(0x4e);
const I8X16_SPLAT = simd(0x0f);

/** `while (e < end) { body; e += step }` */
function loop(e: number, end: number, step: number, body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(e), ...get(end), ...I32_GE_U, 0x0d, 0x01,
    ...body,
    ...get(e), ...i32(step), ...I32_ADD, ...set(e),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

function compareFunction(name: Comparison, scalar: boolean): WasmFunctionSpec {
  const [vectorOp, scalarOp] = COMPARISONS[name];
  // Parameters: tensor b -> (a, b, out, n); scalar b -> (a, out, n, b: f32).
  const [a, b, out, n] = scalar ? [0, 3, 1, 2] : [0, 1, 2, 3];
  const [e, end, ones, bVector] = [4, 5, 6, 7];
  const address = (base: number): number[] => [...get(base), ...get(e), ...i32(2), ...I32_SHL, ...I32_ADD];
  const rhs = (offset: number): number[] => (scalar ? get(bVector) : [...address(b), ...V128_LOAD(offset)]);
  const quarter = (offset: number): number[] => [...address(a), ...V128_LOAD(offset), ...rhs(offset), ...simd(vectorOp)];
  const vectorBody = [
    ...get(out), ...get(e), ...I32_ADD,
    ...quarter(0), ...quarter(16), ...I16X8_NARROW_I32X4_S,
    ...quarter(32), ...quarter(48), ...I16X8_NARROW_I32X4_S,
    ...I8X16_NARROW_I16X8_S, ...get(ones), ...V128_AND,
    ...V128_STORE,
  ];
  const scalarBody = [
    ...get(out), ...get(e), ...I32_ADD,
    ...address(a), 0x2a, 0x02, 0x00,
    ...(scalar ? get(b) : [...address(b), 0x2a, 0x02, 0x00]),
    scalarOp,
    0x3a, 0x00, 0x00, // i32.store8
  ];
  return {
    name: `${name}_${scalar ? 'scalar' : 'tensor'}`,
    params: scalar ? ['i32', 'i32', 'i32', 'f32'] : ['i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'v128', 'v128'],
    body: [
      ...i32(1), ...I8X16_SPLAT, ...set(ones),
      ...(scalar ? [...get(b), ...simd(0x13), ...set(bVector)] : []),
      ...i32(0), ...set(e),
      ...get(n), ...i32(-16), ...I32_AND, ...set(end),
      ...loop(e, end, 16, vectorBody),
      ...get(n), ...set(end),
      ...loop(e, end, 1, scalarBody),
    ],
  };
}

/** Every comparison, for a tensor and for a scalar `b`. */
export function compareFunctions(): WasmFunctionSpec[] {
  return (Object.keys(COMPARISONS) as Comparison[]).flatMap((name) => [compareFunction(name, false), compareFunction(name, true)]);
}

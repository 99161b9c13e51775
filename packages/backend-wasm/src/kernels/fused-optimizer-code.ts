import { sleb, uleb, type ValueType, type WasmFunctionSpec } from './wasm-module-builder.js';

/**
 * The fused optimizer kernels as WebAssembly: each walks its arrays 4
 * floats at a time with SIMD (f32x4), then finishes the last 0-3 elements
 * one at a time, computing exactly the float32 operations, in the same
 * order, as the elementwise-op fallback in `@nnlab/optimizers`.
 * Pointers are byte offsets into the imported memory.
 */

type Pair = readonly [number, number];
type Six = readonly [number, number, number, number, number, number];

/** The instructions of one lane width: 4 floats (v128) or one (f32). */
interface Lane {
  readonly bytes: number;
  load(): number[];
  store(): number[];
  add(): number[];
  mul(): number[];
  div(): number[];
  sqrt(): number[];
}

// memarg: align 2^2 (floats are 4-byte aligned; unaligned SIMD access is allowed anyway), offset 0.
const MEMARG = [0x02, 0x00];
const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];

const VECTOR: Lane = {
  bytes: 16,
  load: () => [...simd(0x00), ...MEMARG],
  store: () => [...simd(0x0b), ...MEMARG],
  add: () => simd(0xe4),
  mul: () => simd(0xe6),
  div: () => simd(0xe7),
  sqrt: () => simd(0xe3),
};

const SCALAR: Lane = {
  bytes: 4,
  load: () => [0x2a, ...MEMARG],
  store: () => [0x38, ...MEMARG],
  add: () => [0x92],
  mul: () => [0x94],
  div: () => [0x95],
  sqrt: () => [0x91],
};

const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const splat = (index: number): number[] => [...get(index), ...simd(0x13)];
const I32_ADD = [0x6a];
const I32_GE_U = [0x4f];
const I32_SHL = [0x74];
const I32_AND = [0x71];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];

/** `address = pointer + i` */
const at = (pointer: number, i: number): number[] => [...get(pointer), ...get(i), ...I32_ADD];

/**
 * `while (i < end) { body; i += lane.bytes }`, as block/loop/br_if.
 * `body` reads and writes through `at(pointer, i)`.
 */
function loop(i: number, end: number, lane: Lane, body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(i), ...get(end), ...I32_GE_U, 0x0d, 0x01,
    ...body,
    ...get(i), ...i32(lane.bytes), ...I32_ADD, ...set(i),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

/** Vector loop over the first `n & ~3` floats, then the scalar loop over the rest; `n` is a float count. */
function vectorThenScalar(n: number, i: number, end: number, vectorBody: number[], scalarBody: number[]): number[] {
  return [
    ...i32(0), ...set(i),
    ...get(n), ...i32(-4), ...I32_AND, ...i32(2), ...I32_SHL, ...set(end),
    ...loop(i, end, VECTOR, vectorBody),
    ...get(n), ...i32(2), ...I32_SHL, ...set(end),
    ...loop(i, end, SCALAR, scalarBody),
  ];
}

/**
 * `adam(g, m, v, mOut, vOut, out, n, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, scale)`:
 * `mOut = m beta1 + g (1 - beta1)`, `vOut = v beta2 + (g g)(1 - beta2)`,
 * `out = mOut / (sqrt(vOut) + epsilon) * scale`.
 */
function adam(): WasmFunctionSpec {
  const [g, m, v, mOut, vOut, out, n] = [0, 1, 2, 3, 4, 5, 6];
  const constants: Six = [7, 8, 9, 10, 11, 12]; // beta1, 1 - beta1, beta2, 1 - beta2, epsilon, scale (f32)
  const [i, end] = [13, 14];
  const vectors: Six = [15, 16, 17, 18, 19, 20]; // the constants splatted
  const [vg, vm, vv] = [21, 22, 23];
  const [sg, sm, sv] = [24, 25, 26];
  const body = (lane: Lane, [b1, c1, b2, c2, eps, scale]: Six, [rg, rm, rv]: readonly [number, number, number]): number[] => {
    return [
      ...at(g, i), ...lane.load(), ...set(rg),
      ...at(m, i), ...lane.load(), ...set(rm),
      ...at(v, i), ...lane.load(), ...set(rv),
      ...get(rm), ...get(b1), ...lane.mul(), ...get(rg), ...get(c1), ...lane.mul(), ...lane.add(), ...set(rm),
      ...get(rv), ...get(b2), ...lane.mul(), ...get(rg), ...get(rg), ...lane.mul(), ...get(c2), ...lane.mul(), ...lane.add(), ...set(rv),
      ...at(mOut, i), ...get(rm), ...lane.store(),
      ...at(vOut, i), ...get(rv), ...lane.store(),
      ...at(out, i), ...get(rm), ...get(rv), ...lane.sqrt(), ...get(eps), ...lane.add(), ...lane.div(), ...get(scale), ...lane.mul(), ...lane.store(),
    ];
  };
  const locals: ValueType[] = ['i32', 'i32', ...Array<ValueType>(9).fill('v128'), 'f32', 'f32', 'f32'];
  return {
    name: 'adam',
    params: [...Array<ValueType>(7).fill('i32'), ...Array<ValueType>(6).fill('f32')],
    locals,
    body: [
      ...constants.flatMap((c, k) => [...splat(c), ...set(vectors[k] ?? 0)]),
      ...vectorThenScalar(n, i, end, body(VECTOR, vectors, [vg, vm, vv]), body(SCALAR, constants, [sg, sm, sv])),
    ],
  };
}

/** `adagrad(g, sum, sumOut, out, n, epsilon, scale)`: `sumOut = sum + g g`, `out = g / (sqrt(sumOut) + epsilon) * scale`. */
function adagrad(): WasmFunctionSpec {
  const [g, sum, sumOut, out, n] = [0, 1, 2, 3, 4];
  const constants: Pair = [5, 6]; // epsilon, scale (f32)
  const [i, end] = [7, 8];
  const vectors: Pair = [9, 10];
  const [vg, vs] = [11, 12];
  const [sg, ss] = [13, 14];
  const body = (lane: Lane, [eps, scale]: Pair, [rg, rs]: Pair): number[] => [
    ...at(g, i), ...lane.load(), ...set(rg),
    ...at(sum, i), ...lane.load(), ...get(rg), ...get(rg), ...lane.mul(), ...lane.add(), ...set(rs),
    ...at(sumOut, i), ...get(rs), ...lane.store(),
    ...at(out, i), ...get(rg), ...get(rs), ...lane.sqrt(), ...get(eps), ...lane.add(), ...lane.div(), ...get(scale), ...lane.mul(), ...lane.store(),
  ];
  return {
    name: 'adagrad',
    params: [...Array<ValueType>(5).fill('i32'), 'f32', 'f32'],
    locals: ['i32', 'i32', 'v128', 'v128', 'v128', 'v128', 'f32', 'f32'],
    body: [
      ...splat(constants[0]), ...set(vectors[0]), ...splat(constants[1]), ...set(vectors[1]),
      ...vectorThenScalar(n, i, end, body(VECTOR, vectors, [vg, vs]), body(SCALAR, constants, [sg, ss])),
    ],
  };
}

/** The functions of the fused optimizer module. */
export function fusedOptimizerFunctions(): WasmFunctionSpec[] {
  return [adam(), adagrad()];
}

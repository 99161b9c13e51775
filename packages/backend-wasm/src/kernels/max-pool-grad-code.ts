import { sleb, uleb, type WasmFunctionSpec } from './wasm-module-builder.js';

const get = (index: number): number[] => [0x20, ...uleb(index)];
const set = (index: number): number[] => [0x21, ...uleb(index)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const [I32_ADD, I32_SUB, I32_MUL, I32_SHL, I32_LT_U, I32_GE_S, I32_NE] = [[0x6a], [0x6b], [0x6c], [0x74], [0x49], [0x4e], [0x47]];
const [F32_LOAD, F32_STORE, F32_ADD, F32_GT] = [[0x2a, 0x02, 0x00], [0x38, 0x02, 0x00], [0x92], [0x5e]];
const F32_NEGATIVE_INFINITY = [0x43, 0x00, 0x00, 0x80, 0xff];
const ifThen = (body: number[]): number[] => [0x04, 0x40, ...body, 0x0b];

/** `for (counter = 0; counter < end; counter += step) body`, signed; `step` a local or a constant. */
function loop(counter: number, end: number, step: { local: number } | { constant: number }, body: number[]): number[] {
  return [
    ...i32(0), ...set(counter),
    0x02, 0x40, 0x03, 0x40,
    ...get(counter), ...get(end), ...I32_GE_S, 0x0d, 0x01,
    ...body,
    ...get(counter), ...('local' in step ? get(step.local) : i32(step.constant)), ...I32_ADD, ...set(counter),
    0x0c, 0x00, 0x0b, 0x0b,
  ];
}

/**
 * `maxPoolGrad(x, dy, dx, batch, inH, inW, channels, outH, outW, strideH,
 * strideW, windowH, windowW, dilationH, dilationW, top, left)`: for every
 * output position and channel, adds `dy` to `dx` at the window's first
 * maximum of `x` (strictly greater wins, so NaN never does and ties go to
 * the first), as tfjs-backend-cpu and TensorFlow route it; a window wholly
 * in the padding sends nothing. `windowH`/`windowW` are the dilated
 * (effective) window; the caller zeroes `dx`. Scalar: the work is a compare
 * per window tap, and rows outside the input are skipped with one unsigned
 * compare (a negative row is a huge unsigned one).
 */
export function maxPoolGradFunction(): WasmFunctionSpec {
  const [x, dy, dx, batch, inH, inW, channels, outH, outW, strideH, strideW, windowH, windowW, dilationH, dilationW, top, left] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  ];
  const [n, y, col, c, i, j, row, rowStart, colStart, column, rowBase, offset, position, dyAt, best, value] = [
    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  ];
  const tap = [
    ...get(colStart), ...get(j), ...I32_ADD, ...set(column),
    ...get(column), ...get(inW), ...I32_LT_U,
    ...ifThen([
      // offset = ((rowBase + column) * channels + c) * 4
      ...get(rowBase), ...get(column), ...I32_ADD, ...get(channels), ...I32_MUL, ...get(c), ...I32_ADD, ...i32(2), ...I32_SHL, ...set(offset),
      ...get(x), ...get(offset), ...I32_ADD, ...F32_LOAD, ...set(value),
      ...get(value), ...get(best), ...F32_GT,
      ...ifThen([...get(value), ...set(best), ...get(offset), ...set(position)]),
    ]),
  ];
  const windowRow = [
    ...get(rowStart), ...get(i), ...I32_ADD, ...set(row),
    ...get(row), ...get(inH), ...I32_LT_U,
    ...ifThen([
      ...get(n), ...get(inH), ...I32_MUL, ...get(row), ...I32_ADD, ...get(inW), ...I32_MUL, ...set(rowBase),
      ...loop(j, windowW, { local: dilationW }, tap),
    ]),
  ];
  const channel = [
    ...F32_NEGATIVE_INFINITY, ...set(best),
    ...i32(-1), ...set(position),
    ...loop(i, windowH, { local: dilationH }, windowRow),
    ...get(position), ...i32(-1), ...I32_NE,
    ...ifThen([
      ...get(dx), ...get(position), ...I32_ADD,
      ...get(dx), ...get(position), ...I32_ADD, ...F32_LOAD,
      ...get(dy), ...get(dyAt), ...i32(2), ...I32_SHL, ...I32_ADD, ...F32_LOAD,
      ...F32_ADD, ...F32_STORE,
    ]),
    ...get(dyAt), ...i32(1), ...I32_ADD, ...set(dyAt),
  ];
  return {
    name: 'maxPoolGrad',
    params: Array<'i32'>(17).fill('i32'),
    locals: [...Array<'i32'>(14).fill('i32'), 'f32', 'f32'],
    body: [
      ...i32(0), ...set(dyAt),
      ...loop(n, batch, { constant: 1 }, loop(y, outH, { constant: 1 }, [
        ...get(y), ...get(strideH), ...I32_MUL, ...get(top), ...I32_SUB, ...set(rowStart),
        ...loop(col, outW, { constant: 1 }, [
          ...get(col), ...get(strideW), ...I32_MUL, ...get(left), ...I32_SUB, ...set(colStart),
          ...loop(c, channels, { constant: 1 }, channel),
        ]),
      ])),
    ],
  };
}

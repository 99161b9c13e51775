/**
 * Just enough of the WebAssembly binary format to build a module of
 * elementwise kernels that work on another module's memory: functions with
 * i32/f32/v128 parameters and locals, no results, an imported memory
 * (`env.memory`), every function exported. Hand-written because the
 * kernels are a few dozen instructions and a WAT toolchain (wabt) would be
 * a build step and a dependency for that; the bytes are validated with
 * `WebAssembly.validate` before use.
 */

export type ValueType = 'i32' | 'f32' | 'v128';

const VALUE_TYPES: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** A function of the module: its signature, extra locals and body (without the final `end`). */
export interface WasmFunctionSpec {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly locals: readonly ValueType[];
  readonly body: readonly number[];
}

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 (32-bit). */
export function sleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const utf8 = (text: string): number[] => [...uleb(text.length), ...Array.from(new TextEncoder().encode(text))];
const vector = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

/** Local declarations, run-length grouped by type as the format wants. */
function localGroups(locals: readonly ValueType[]): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < locals.length; ) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    groups.push([...uleb(j - i), VALUE_TYPES[locals[i] as ValueType]]);
    i = j;
  }
  return groups;
}

/**
 * The binary of a module importing `env.memory` (shared with a maximum of
 * 4 GiB when `sharedMemory`, as a threaded Emscripten build's memory is)
 * and exporting `functions` by name.
 */
export function buildWasmModule(functions: readonly WasmFunctionSpec[], options: { sharedMemory: boolean }): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [VALUE_TYPES[p]])), 0x00]);
  const limits = options.sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const memoryImport = [...utf8('env'), ...utf8('memory'), 0x02, ...limits];
  const bodies = functions.map((f) => {
    const code = [...vector(localGroups(f.locals)), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}

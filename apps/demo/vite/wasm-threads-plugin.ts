import type { Plugin } from 'vite';

const THREADED_FACTORY = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const HEAD = 'var WasmBackendModuleThreadedSimd = ';
const TAIL = '\nif (typeof exports';

/**
 * Makes tfjs' threaded wasm survive minification. tfjs-backend-wasm 4.22
 * starts its pthread workers from a Blob holding
 * `'var WasmBackendModuleThreadedSimd = ' + factory.toString()`; after a
 * minified build that text refers to names that only exist in the bundle,
 * the workers die with "ReferenceError: e is not defined", and activation
 * hangs silently. This plugin keeps the factory's original, self-contained
 * Emscripten source as a string (strings are never mangled) and makes
 * `toString()` return it. It fails the build if the file's layout changes.
 */
export function wasmThreadsPlugin(): Plugin {
  return {
    name: 'nnlab-tfjs-wasm-threads',
    transform(code, id) {
      if (!THREADED_FACTORY.test(id)) return undefined;
      const start = code.indexOf(HEAD);
      const end = code.indexOf(TAIL);
      if (start < 0 || code.slice(0, start).trim() !== '' || end < start) {
        this.error(`${id}: unexpected layout (expected "${HEAD}(...)();" then "if (typeof exports"); was tfjs-backend-wasm upgraded from 4.22.0?`);
      }
      const factory = code.slice(start + HEAD.length, end).trim().replace(/;$/, '');
      return { code: `${code}\nWasmBackendModuleThreadedSimd.toString = function () { return ${JSON.stringify(factory)}; };\n`, map: null };
    },
  };
}

import type { WasmBinaryUrls } from './wasm-module.js';

/**
 * In a browser, where tfjs' three `.wasm` binaries are when nothing else was
 * said: next to this module's own `@tensorflow/tfjs-backend-wasm`, written as
 * `new URL('<package>/<file>', import.meta.url)` with literal strings, the
 * pattern bundlers rewrite. Vite resolves each bare specifier, emits the binary
 * as a hashed asset and puts its URL here, so a page built with Vite needs no
 * copying and no `wasmPaths` (checked by `tools/verify-packages.mjs` from the
 * packed tarballs). Stock tfjs would look for the files next to the page and
 * find nothing. Unbundled, the URLs point nowhere useful: pass `wasmPaths`.
 *
 * @example
 * stock.setWasmPaths(bundledWasmUrls()); // browser only; Node uses locateWasmFiles()
 */
export function bundledWasmUrls(): WasmBinaryUrls {
  return {
    'tfjs-backend-wasm.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
  };
}

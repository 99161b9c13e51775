import * as tf from '@tensorflow/tfjs-core';
import { type BackendInfo, defineBackend } from '@nnlab/core';
import { registerWasmKernels } from './register-wasm-kernels.js';
import { probeWasm, selectWasmBackend, validateWasmPaths, type WasmActivateOptions, wasmNotes } from './wasm-activation.js';
import { initialiseWasmModule, WASM_NAME, WASM_PRIORITY } from './wasm-module.js';

async function activateWithin(options: WasmActivateOptions): Promise<BackendInfo> {
  const module = await initialiseWasmModule(options);
  // After tf.removeBackend('wasm') the module is still here: register it again.
  if (tf.findBackendFactory(WASM_NAME) === null) tf.registerBackend(WASM_NAME, module.backend, WASM_PRIORITY);
  // Added and replaced kernels are listed in `kernels`, not repeated in the notes.
  return selectWasmBackend(WASM_NAME, module, { kernels: registerWasmKernels(), notes: wasmNotes(module, options) });
}

/**
 * The tfjs WebAssembly backend (`@tensorflow/tfjs-backend-wasm` 4.22.0) behind
 * nnlab's backend contract, with the kernels training needs that stock wasm
 * lacks and faster ones where stock is slow (see `BackendInfo.kernels`).
 *
 * Importing this package registers nothing. `activate()` loads tfjs wasm,
 * points it at its own `.wasm` files in Node (any working directory; in a
 * browser at URLs a bundler such as Vite rewrites, see `bundledWasmUrls`;
 * unbundled, pass `wasmPaths`),
 * uses SIMD when the runtime has it unless `simd: false`, and gives up after
 * `timeoutMs` (default 30 s). `threads` (default 1 in Node; tfjs' choice in a
 * cross-origin-isolated page) above 1 starts the threaded SIMD binary, in
 * Node under `worker_threads`. Settings that pick the binary (`simd`,
 * `threads`, `wasmPaths`) only take effect on the first activation in a
 * process (of `wasm` or `wasm-stock`); later ones report what is running.
 *
 * @example
 * import { wasmBackend } from '@nnlab/backend-wasm';
 * const info = await wasmBackend.activate({ threads: 2 });
 * console.log(info.threads, info.simd, info.kernels?.replaced); // 2 true ['MaxPoolGrad', 'BatchMatMul', ...]
 */
export const wasmBackend = defineBackend<WasmActivateOptions>({
  name: WASM_NAME,
  kind: 'wasm',
  description: 'WebAssembly (tfjs-backend-wasm, XNNPACK, SIMD when available) with nnlab training kernels',
  environments: ['node', 'browser'],
  probe: probeWasm,
  validate: validateWasmPaths,
  activate: activateWithin,
});

export { detectWasmSimd } from './detect-wasm-simd.js';
export { locateWasmFiles, WASM_BINARY_NAMES } from './locate-wasm-files.js';
export { registerWasmKernels } from './register-wasm-kernels.js';
export type { WasmActivateOptions } from './wasm-activation.js';
export { wasmBackend } from './wasm-backend.js';
export type { WasmBinaryUrls } from './wasm-module.js';
export { wasmStockBackend } from './wasm-stock-backend.js';

export { detectWasmSimd } from './detect-wasm-simd.js';
export { locateWasmFiles, WASM_BINARY_NAMES } from './locate-wasm-files.js';
export { registerWasmKernels } from './register-wasm-kernels.js';
export { type WasmActivateOptions, type WasmBinaryUrls, wasmBackend } from './wasm-backend.js';

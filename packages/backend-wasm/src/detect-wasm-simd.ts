/**
 * A minimal module that uses one SIMD instruction (`i8x16.splat`), the same
 * probe as wasm-feature-detect and tfjs' `WASM_HAS_SIMD_SUPPORT` flag.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11,
]);

/**
 * Whether this JavaScript runtime can compile WebAssembly SIMD (128-bit).
 * Cheap and synchronous: it validates a 29-byte module, nothing is run.
 *
 * @example
 * detectWasmSimd(); // true on Node 20 and current browsers
 */
export function detectWasmSimd(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

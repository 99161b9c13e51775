import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmBinaryUrls } from '@nnlab/backend-wasm';

/**
 * Where the build put tfjs' three `.wasm` binaries (hashed asset URLs), so
 * wasm never depends on files "next to the bundle" that a bundler did not copy.
 */
export const wasmBinaryUrls: WasmBinaryUrls = {
  'tfjs-backend-wasm.wasm': new URL(plain, document.baseURI).href,
  'tfjs-backend-wasm-simd.wasm': new URL(simd, document.baseURI).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(threadedSimd, document.baseURI).href,
};

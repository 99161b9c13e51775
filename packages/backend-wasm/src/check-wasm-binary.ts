import { BackendUnavailableError } from '@nnlab/core';

/**
 * Reads the `.wasm` file at `path` and validates it with `WebAssembly.validate`,
 * throwing {@link BackendUnavailableError} that names the file and what is
 * wrong with it. Node only. Run before tfjs instantiates the module because
 * tfjs' own failure message ("make sure the server can serve the .wasm
 * file") hides the cause (ENOENT, a truncated download, a wrong file).
 *
 * @example
 * await checkWasmBinary('/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
 */
export async function checkWasmBinary(path: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BackendUnavailableError('wasm', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!WebAssembly.validate(bytes)) {
    throw new BackendUnavailableError('wasm', `${path} (${bytes.length} bytes) is not a valid WebAssembly module for this runtime`);
  }
}

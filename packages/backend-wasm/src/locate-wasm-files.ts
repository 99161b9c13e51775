import { BackendUnavailableError } from '@nnlab/core';

/** The binaries tfjs-backend-wasm 4.22 chooses between (plain, SIMD, threaded SIMD). */
export const WASM_BINARY_NAMES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

const INSTALL = 'npm i @tensorflow/tfjs-backend-wasm@4.22.0';

/**
 * The directory (with a trailing separator, as `setWasmPaths` concatenates)
 * holding the `.wasm` binaries of the installed `@tensorflow/tfjs-backend-wasm`,
 * resolved from this package the way Node resolves its imports, so it works
 * from any working directory and from `node_modules`. Node only.
 *
 * @throws BackendUnavailableError when the package or a binary is missing.
 * @example
 * setWasmPaths(await locateWasmFiles()); // '/…/node_modules/@tensorflow/tfjs-backend-wasm/dist/'
 */
export async function locateWasmFiles(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { dirname, join, sep } = await import('node:path');
  const { existsSync } = await import('node:fs');
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  } catch (error) {
    throw new BackendUnavailableError('wasm', `cannot resolve @tensorflow/tfjs-backend-wasm: ${String(error)}`, INSTALL);
  }
  const directory = join(dirname(packageJson), 'dist') + sep;
  const missing = WASM_BINARY_NAMES.filter((name) => !existsSync(directory + name));
  if (missing.length > 0) {
    throw new BackendUnavailableError('wasm', `missing ${missing.join(', ')} in ${directory}`, INSTALL);
  }
  return directory;
}

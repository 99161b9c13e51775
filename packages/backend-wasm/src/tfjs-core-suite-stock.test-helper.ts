import { locateWasmFiles } from './locate-wasm-files.js';

/**
 * tfjs-backend-wasm 4.22.0 exactly as published (its own factory and kernels,
 * none of nnlab's): the base nnlab's wasm must do at least as well as.
 */
export async function activateForSuite(): Promise<string> {
  const stock = await import('@tensorflow/tfjs-backend-wasm');
  stock.setWasmPaths(await locateWasmFiles());
  return 'wasm';
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

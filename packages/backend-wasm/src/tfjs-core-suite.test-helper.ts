import { wasmBackend } from './wasm-backend.js';

/** Activates nnlab's wasm backend for tfjs-core's spec suite (see @nnlab/testing's runTfjsCoreSuite). */
export async function activateForSuite(): Promise<string> {
  return (await wasmBackend.activate()).tfjsBackend;
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

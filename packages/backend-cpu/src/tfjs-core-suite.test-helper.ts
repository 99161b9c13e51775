import { cpuBackend } from './cpu-backend.js';

/** Activates nnlab's cpu backend for tfjs-core's spec suite (see @nnlab/testing's runTfjsCoreSuite). */
export async function activateForSuite(): Promise<string> {
  return (await cpuBackend.activate()).tfjsBackend;
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

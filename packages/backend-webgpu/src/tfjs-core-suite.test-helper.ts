import { webgpuBackend } from './webgpu-backend.js';

/** Activates nnlab's webgpu backend in the page for tfjs-core's spec suite (see @nnlab/testing's runTfjsCoreSuiteInChromium). */
export async function activateForSuite(): Promise<string> {
  return (await webgpuBackend.activate()).tfjsBackend;
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

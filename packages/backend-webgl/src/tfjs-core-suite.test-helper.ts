import { webglBackend } from './webgl-backend.js';

/** Activates nnlab's webgl backend in the page for tfjs-core's spec suite (see @nnlab/testing's runTfjsCoreSuiteInChromium). */
export async function activateForSuite(): Promise<string> {
  return (await webglBackend.activate()).tfjsBackend;
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

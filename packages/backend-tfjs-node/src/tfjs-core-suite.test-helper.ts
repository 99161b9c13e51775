import { tfjsNodeBackend } from './tfjs-node-backend.js';

/** Activates tfjs-node for tfjs-core's spec suite (see @nnlab/testing's runTfjsCoreSuite). */
export async function activateForSuite(): Promise<string> {
  return (await tfjsNodeBackend.activate()).tfjsBackend;
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

import { nativeBackend } from './native-backend.js';

/** Activates nnlab's native backend for tfjs-core's spec suite (see @nnlab/testing's runTfjsCoreSuite). */
export async function activateForSuite(): Promise<string> {
  const info = await nativeBackend.activate({ threads: 1 });
  return info.tfjsBackend;
}

/** tfjs-core's own gradients: the suite tests the kernels. */
export const registerSuiteGradients = undefined;

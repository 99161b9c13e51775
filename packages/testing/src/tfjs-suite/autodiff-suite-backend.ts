import { registerGradients } from '@nnlab/autodiff';

/**
 * tfjs-backend-cpu as published, for the run of tfjs-core's gradient specs
 * that tests @nnlab/autodiff rather than a backend.
 */
export async function activateForSuite(): Promise<string> {
  await import('@tensorflow/tfjs-backend-cpu');
  return 'cpu';
}

/** Only @nnlab/autodiff's gradients, none of tfjs-core's. */
export const registerSuiteGradients = (): void => {
  registerGradients();
};

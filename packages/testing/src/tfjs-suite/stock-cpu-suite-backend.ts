/**
 * tfjs-backend-cpu exactly as published, for the runs nnlab's backends are
 * compared with (the native backend extends it; nnlab's cpu replaces one kernel).
 */
export async function activateForSuite(): Promise<string> {
  await import('@tensorflow/tfjs-backend-cpu');
  return 'cpu';
}

/** tfjs-core's own gradients. */
export const registerSuiteGradients = undefined;

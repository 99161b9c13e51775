import { fitVariant, type StepRunner, type StepVariant } from '@nnlab/bench';
import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** Runs `body` with the active backend's masked-update kernels unregistered, then registers them again. */
async function withoutMaskKernels<T>(body: () => Promise<T>): Promise<T> {
  const backend = tf.getBackend();
  const hidden = [FUSED_KERNELS.allFinite, FUSED_KERNELS.selectIf].flatMap((name) => {
    const config = tf.getKernel(name, backend);
    if (config === undefined) return [];
    tf.unregisterKernel(name, backend);
    return [config];
  });
  try {
    return await body();
  } finally {
    for (const config of hidden) tf.registerKernel(config);
  }
}

/**
 * The `fit` row with the backend's `NnlabAllFinite` and `NnlabSelectIf`
 * kernels hidden for the duration of each timed call, so `fit` takes the
 * portable masked update (a sum per gradient, a broadcast and a `tf.where`
 * per parameter and state tensor): beside the `fit` row, what the kernels
 * save. Opt-in (`runBrowserBench({ compareMaskKernels: true })`,
 * tools/bench/webgl-fit-browser.mjs).
 */
export const portableFitVariant: StepVariant = {
  ...fitVariant,
  name: 'fit-portable',
  description: `${fitVariant.description}; the backend's masked-update kernels hidden (portable path)`,
  async create(workload, options): Promise<StepRunner> {
    const runner = await fitVariant.create(workload, options);
    return { ...runner, step: () => withoutMaskKernels(async () => runner.step()), dispose: () => runner.dispose() };
  },
};

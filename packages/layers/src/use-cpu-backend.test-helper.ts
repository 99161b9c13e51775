import { cpuBackend } from '@nnlab/backend-cpu';

/** Makes the tfjs cpu backend active; its `activate()` also registers nnlab's gradients. */
export async function useCpuBackend(): Promise<void> {
  await cpuBackend.activate();
}

import { registerGradients } from '@nnlab/autodiff';
import { type ActivateOptions, type BackendInfo, BackendUnavailableError, defineBackend } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { fastConv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { hostMaskKernels } from './mask-kernels.js';

const TFJS_BACKEND = 'cpu';
/** tfjs-backend-cpu's own registration priority. */
const CPU_PRIORITY = 1;

let installedKernels: readonly string[] | undefined;
let addedKernels: string[] = [];

/** Swaps in our faster kernels once per process; the stock ones stay reachable as fallbacks. */
function replaceKernels(): readonly string[] {
  if (installedKernels !== undefined) return installedKernels;
  const replaced: string[] = [];
  addedKernels = [];
  for (const config of hostMaskKernels(TFJS_BACKEND)) {
    if (tf.getKernel(config.kernelName, TFJS_BACKEND) !== undefined) continue;
    tf.registerKernel(config);
    addedKernels.push(config.kernelName);
  }
  const stock = tf.getKernel(tf.Conv2DBackpropFilter, TFJS_BACKEND);
  if (stock !== undefined) {
    tf.unregisterKernel(tf.Conv2DBackpropFilter, TFJS_BACKEND);
    tf.registerKernel({ ...stock, kernelFunc: fastConv2DBackpropFilter(stock.kernelFunc) });
    replaced.push(tf.Conv2DBackpropFilter);
  }
  installedKernels = replaced;
  return replaced;
}

async function activateCpu(options: ActivateOptions): Promise<BackendInfo> {
  // Imported here, not at the top: the package registers the backend and all
  // its kernels as a side effect, and importing @nnlab/backend-cpu must not.
  const cpu = await import('@tensorflow/tfjs-backend-cpu');
  // Importing registered it once; after tf.removeBackend('cpu') only we can register it again.
  if (tf.findBackendFactory(TFJS_BACKEND) === null) tf.registerBackend(TFJS_BACKEND, () => new cpu.MathBackendCPU(), CPU_PRIORITY);
  const replaced = replaceKernels();
  if (!(await tf.setBackend(TFJS_BACKEND))) {
    throw new BackendUnavailableError('cpu', 'tf.setBackend("cpu") failed to initialise the tfjs cpu backend');
  }
  await tf.ready();
  // The stock backend prints a banner recommending tfjs-node on first use in
  // Node; nnlab offers that choice itself (--backend tfjs-node), so mark the
  // banner as shown.
  const backend = tf.backend() as { firstUse?: boolean };
  if (backend.firstUse === true) backend.firstUse = false;
  registerGradients();
  const notes: string[] = [];
  if (options.threads !== undefined && options.threads > 1) {
    notes.push(`the cpu backend is single-threaded; threads: ${options.threads} was ignored`);
  }
  return {
    name: 'cpu',
    kind: 'js',
    tfjsBackend: tf.getBackend(),
    threads: 1,
    simd: false,
    versions: { 'tfjs-core': tf.version_core, 'tfjs-backend-cpu': cpu.version_cpu },
    kernels: { replaced: [...replaced], added: [...addedKernels], fallback: [] },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * The pure-JavaScript tfjs CPU backend (`@tensorflow/tfjs-backend-cpu`):
 * runs everywhere, single-threaded, the slowest choice and the reference the
 * other backends are tested against. `activate()` registers it (importing
 * this package registers nothing), replaces `Conv2DBackpropFilter` with a
 * faster loop (reported in `kernels.replaced`), selects it and registers
 * nnlab's gradients. Options: `threads` and `simd` are ignored (reported as
 * 1 and false); `timeoutMs` defaults to 30 s.
 *
 * @example
 * import { cpuBackend } from '@nnlab/backend-cpu';
 * const info = await cpuBackend.activate();
 * console.log(info.tfjsBackend, info.versions); // 'cpu' { 'tfjs-core': '4.22.0', ... }
 */
export const cpuBackend = defineBackend({
  name: 'cpu',
  kind: 'js',
  description: 'Pure-JavaScript tfjs CPU backend: runs everywhere, single-threaded, slowest',
  environments: ['node', 'browser'],
  probe: () => ({ available: true }),
  activate: activateCpu,
});

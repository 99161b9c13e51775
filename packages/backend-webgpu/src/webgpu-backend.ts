import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '@nnlab/autodiff';
import { type ActivateOptions, adoptStockBackend, type BackendInfo, BackendUnavailableError, BROWSER_HINT, defineBackend, isNode, type ProbeResult } from '@nnlab/core';
import { registerNaNPropagatingKernels } from './nan-propagating-kernels.js';
import { detectWebgpu } from './detect-webgpu.js';
import { summariseWebgpu } from './summarise-webgpu.js';

const NAME = 'webgpu';
/** The stock package exports no version constant; this is the one pinned in package.json. */
const TFJS_WEBGPU_VERSION = '4.22.0';

// Priority 3 is stock tfjs-backend-webgpu's.
const stock = adoptStockBackend({ tf, name: NAME, priority: 3, label: 'WebGPU', load: () => import('@tensorflow/tfjs-backend-webgpu'), packageName: '@tensorflow/tfjs-backend-webgpu', version: TFJS_WEBGPU_VERSION,
  notRegistered: 'tfjs did not register the webgpu backend (it found no navigator.gpu)' });

async function activateWithin(options: ActivateOptions): Promise<BackendInfo> {
  const support = await detectWebgpu();
  if (!support.available) throw new BackendUnavailableError(NAME, support.reason ?? 'no WebGPU here', isNode() ? BROWSER_HINT : undefined);
  await stock.initialise();
  const replaced = registerNaNPropagatingKernels();
  await stock.select();
  registerGradients();
  const notes = [summariseWebgpu(support)];
  if (support.adapter !== undefined && support.adapter.features.length > 0) notes.push(`adapter features: ${support.adapter.features.join(', ')}`);
  const adapter = support.adapter;
  const device = adapter === undefined ? undefined : [adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter((p) => p.length > 0).join(' ');
  return stock.info(options, { device, replaced: [...replaced], notes });
}

/**
 * The tfjs WebGPU backend (`@tensorflow/tfjs-backend-webgpu` 4.22.0) behind
 * nnlab's backend contract. Browsers only: in Node `probe()` answers
 * unavailable, "needs a browser". In a page `probe()` asks for the adapter
 * and describes it ({@link detectWebgpu}); `activate()` imports the stock
 * package (importing this one registers nothing), builds and selects the
 * backend, registers nnlab's gradients, and gives up after `timeoutMs`
 * (default 30 s). `threads` and `simd` do not apply.
 *
 * @example
 * import { webgpuBackend } from '@nnlab/backend-webgpu';
 * const probe = await webgpuBackend.probe(); // { available: true, reason: 'WebGPU adapter google swiftshader (fallback ...)' }
 * const info = await webgpuBackend.activate();
 */
export const webgpuBackend = defineBackend({
  name: NAME,
  kind: 'gpu',
  description: 'WebGPU compute shaders (tfjs-backend-webgpu), browsers only',
  environments: ['browser'],

  async probe(): Promise<ProbeResult> {
    const support = await detectWebgpu();
    if (!support.available) return { available: false, reason: support.reason ?? 'no WebGPU here', ...(isNode() ? { install: BROWSER_HINT } : {}) };
    return { available: true, reason: summariseWebgpu(support) };
  },
  activate: activateWithin,
});

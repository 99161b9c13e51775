import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '@nnlab/autodiff';
import { type ActivateOptions, adoptStockBackend, type BackendInfo, BackendUnavailableError, BROWSER_HINT, defineBackend, isNode, type ProbeResult } from '@nnlab/core';
import { detectWebgl } from './detect-webgl.js';
import { summariseWebgl } from './summarise-webgl.js';
import { webglMaskKernels } from './webgl-mask-kernels.js';

const NAME = 'webgl';

// Priority 2 is stock tfjs-backend-webgl's, kept so `tf.ready()` picks as before; 4.22.0 is the version package.json pins
// (reported is the loaded package's own version_webgl).
const stock = adoptStockBackend({ tf, name: NAME, priority: 2, label: 'WebGL', load: () => import('@tensorflow/tfjs-backend-webgl'), packageName: '@tensorflow/tfjs-backend-webgl', version: '4.22.0',
  versionOf: (webgl) => webgl.version_webgl, notRegistered: 'tfjs did not register the webgl backend (tfjs thinks this is not a browser)' });

async function activateWithin(options: ActivateOptions): Promise<BackendInfo> {
  const support = detectWebgl();
  if (support.version === 0) throw new BackendUnavailableError(NAME, support.reason ?? 'no WebGL here', isNode() ? BROWSER_HINT : undefined);
  await stock.initialise();
  await stock.select();
  registerGradients();
  // nnlab's masked-update kernels need WebGL 2 (floatBitsToUint); on WebGL 1 the trainer's portable path runs.
  const added: string[] = [];
  if (tf.env().getNumber('WEBGL_VERSION') === 2) {
    for (const config of webglMaskKernels()) {
      if (tf.getKernel(config.kernelName, NAME) === undefined) tf.registerKernel(config);
      added.push(config.kernelName);
    }
  }
  const float32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE');
  const notes = [`WebGL ${tf.env().getNumber('WEBGL_VERSION')}, ${float32 ? 'float32' : 'float16 (no float32 render targets: lower precision)'} textures`];
  return stock.info(options, { device: support.renderer, added, notes });
}

/**
 * The tfjs WebGL backend (`@tensorflow/tfjs-backend-webgl` 4.22.0) behind
 * nnlab's backend contract. Browsers only: in Node `probe()` answers
 * unavailable, "needs a browser". In a page `probe()` reports the WebGL
 * version, float32 render targets and renderer ({@link detectWebgl});
 * `activate()` imports the stock package (importing this one registers
 * nothing), builds and selects the backend, registers nnlab's gradients, and
 * gives up after `timeoutMs` (default 30 s). `threads` and `simd` do not apply.
 *
 * @example
 * import { webglBackend } from '@nnlab/backend-webgl';
 * const probe = await webglBackend.probe(); // { available: true, reason: 'WebGL 2, float32 render targets, ...' }
 * const info = await webglBackend.activate();
 * info.device; // the GPU's renderer string
 */
export const webglBackend = defineBackend({
  name: NAME,
  kind: 'gpu',
  description: 'WebGL 2/1 on the GPU (tfjs-backend-webgl), browsers only',
  environments: ['browser'],

  probe(): ProbeResult {
    const support = detectWebgl();
    if (support.version === 0) {
      return { available: false, reason: support.reason ?? 'no WebGL here', ...(isNode() ? { install: BROWSER_HINT } : {}) };
    }
    return { available: true, reason: summariseWebgl(support) };
  },
  activate: activateWithin,
});

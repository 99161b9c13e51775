import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '@nnlab/autodiff';
import {
  type ActivateOptions,
  assertNumber,
  type BackendInfo,
  type BackendProvider,
  BackendUnavailableError,
  InvalidArgumentError,
  type ProbeResult,
  withTimeout,
} from '@nnlab/core';
import { registerNaNPropagatingKernels } from './nan-propagating-kernels.js';
import { detectWebgpu } from './detect-webgpu.js';
import { isNode } from './is-node.js';
import { summariseWebgpu } from './summarise-webgpu.js';

const NAME = 'webgpu';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Stock tfjs-backend-webgpu's registration priority. */
const WEBGPU_PRIORITY = 3;
/** The stock package exports no version constant; this is the one pinned in package.json. */
const TFJS_WEBGPU_VERSION = '4.22.0';
const BROWSER_HINT = 'run it in a browser: `pnpm demo`, or `nnlab bench --browser` (headless Chromium)';

let initialisation: Promise<void> | undefined;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The factory registered under the backend's name (also after `tf.removeBackend`, see activateWithin). */
let liveFactory: (() => Promise<tf.KernelBackend>) | undefined;

/** Imports stock tfjs webgpu (which registers its factory) and builds the backend ourselves, so a failure keeps its real reason. */
async function initialise(): Promise<void> {
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    throw new BackendUnavailableError(NAME, `cannot load @tensorflow/tfjs-backend-webgpu: ${message(error)}`, 'npm i @tensorflow/tfjs-backend-webgpu@4.22.0');
  }
  if (NAME in tf.engine().registry) return;
  const factory = tf.findBackendFactory(NAME);
  if (factory === null) throw new BackendUnavailableError(NAME, 'tfjs did not register the webgpu backend (it found no navigator.gpu)');
  let instance: tf.KernelBackend;
  try {
    instance = await factory();
  } catch (error) {
    throw new BackendUnavailableError(NAME, `WebGPU failed to initialise: ${message(error)}`);
  }
  // The same instance until tf.engine().reset() or tf.removeBackend disposes it, then a new one
  // from the stock factory, as tfjs' own registration does.
  liveFactory = async () => {
    if ((instance as { disposed?: boolean }).disposed === true) instance = await factory();
    return instance;
  };
  tf.removeBackend(NAME);
  tf.registerBackend(NAME, liveFactory, WEBGPU_PRIORITY);
}

async function activateWithin(options: ActivateOptions): Promise<BackendInfo> {
  const support = await detectWebgpu();
  if (!support.available) throw new BackendUnavailableError(NAME, support.reason ?? 'no WebGPU here', isNode() ? BROWSER_HINT : undefined);
  initialisation ??= initialise().catch((error: unknown) => {
    initialisation = undefined;
    throw error;
  });
  await initialisation;
  const replaced = registerNaNPropagatingKernels();
  // Initialised once per page; after tf.removeBackend('webgpu') activating registers it again.
  if (liveFactory !== undefined && tf.findBackendFactory(NAME) === null) tf.registerBackend(NAME, liveFactory, WEBGPU_PRIORITY);
  if (!(await tf.setBackend(NAME))) {
    throw new BackendUnavailableError(NAME, 'tf.setBackend("webgpu") failed after the backend initialised (see the console)');
  }
  registerGradients();
  const notes = [summariseWebgpu(support)];
  if (support.adapter !== undefined && support.adapter.features.length > 0) notes.push(`adapter features: ${support.adapter.features.join(', ')}`);
  if (options.threads !== undefined && options.threads > 1) notes.push(`threads: ${options.threads} was ignored (the GPU schedules its own work)`);
  const adapter = support.adapter;
  const device = adapter === undefined ? undefined : [adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter((p) => p.length > 0).join(' ');
  return {
    name: NAME,
    kind: 'gpu',
    tfjsBackend: tf.getBackend(),
    threads: 1,
    simd: false,
    versions: { 'tfjs-core': tf.version_core, 'tfjs-backend-webgpu': TFJS_WEBGPU_VERSION },
    ...(device === undefined || device === '' ? {} : { device }),
    kernels: { replaced: [...replaced], added: [], fallback: [] },
    notes,
  };
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
export const webgpuBackend: BackendProvider = {
  name: NAME,
  kind: 'gpu',
  description: 'WebGPU compute shaders (tfjs-backend-webgpu), browsers only',
  environments: ['browser'],

  async probe(): Promise<ProbeResult> {
    const support = await detectWebgpu();
    if (!support.available) return { available: false, reason: support.reason ?? 'no WebGPU here', ...(isNode() ? { install: BROWSER_HINT } : {}) };
    return { available: true, reason: summariseWebgpu(support) };
  },

  async activate(options: ActivateOptions = {}): Promise<BackendInfo> {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`webgpu activate options must be an object, got ${String(options)}`);
    }
    const timeoutMs = assertNumber('options.timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, { min: 0, exclusiveMin: true });
    return withTimeout(activateWithin(options), timeoutMs, NAME);
  },
};

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
import { detectWebgl } from './detect-webgl.js';
import { isNode } from './is-node.js';
import { summariseWebgl } from './summarise-webgl.js';
import { webglMaskKernels } from './webgl-mask-kernels.js';

const NAME = 'webgl';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Stock tfjs-backend-webgl's registration priority, kept so `tf.ready()` picks as before. */
const WEBGL_PRIORITY = 2;
const BROWSER_HINT = 'run it in a browser: `pnpm demo`, or `nnlab bench --browser` (headless Chromium)';

let initialisation: Promise<string> | undefined;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The factory registered under the backend's name (also after `tf.removeBackend`, see activateWithin). */
let liveFactory: (() => Promise<tf.KernelBackend>) | undefined;

/** Imports stock tfjs webgl (which registers its factory) and builds the backend ourselves, so a failure keeps its real reason. */
async function initialise(): Promise<string> {
  let version: string;
  try {
    ({ version_webgl: version } = await import('@tensorflow/tfjs-backend-webgl'));
  } catch (error) {
    throw new BackendUnavailableError(NAME, `cannot load @tensorflow/tfjs-backend-webgl: ${message(error)}`, 'npm i @tensorflow/tfjs-backend-webgl@4.22.0');
  }
  // Not tf.findBackend: that would start the stock initialisation and only log its errors.
  if (!(NAME in tf.engine().registry)) {
    const factory = tf.findBackendFactory(NAME);
    if (factory === null) throw new BackendUnavailableError(NAME, 'tfjs did not register the webgl backend (tfjs thinks this is not a browser)');
    let instance: tf.KernelBackend;
    try {
      instance = await factory();
    } catch (error) {
      throw new BackendUnavailableError(NAME, `WebGL failed to initialise: ${message(error)}`);
    }
    // The same instance until tf.engine().reset() or tf.removeBackend disposes it, then a new one
    // from the stock factory, as tfjs' own registration does.
    liveFactory = async () => {
      if ((instance as { disposed?: boolean }).disposed === true) instance = await factory();
      return instance;
    };
    tf.removeBackend(NAME);
    tf.registerBackend(NAME, liveFactory, WEBGL_PRIORITY);
  }
  return version;
}

async function activateWithin(options: ActivateOptions): Promise<BackendInfo> {
  const support = detectWebgl();
  if (support.version === 0) throw new BackendUnavailableError(NAME, support.reason ?? 'no WebGL here', isNode() ? BROWSER_HINT : undefined);
  initialisation ??= initialise().catch((error: unknown) => {
    initialisation = undefined;
    throw error;
  });
  const version = await initialisation;
  // Initialised once per page; after tf.removeBackend('webgl') activating registers it again.
  if (liveFactory !== undefined && tf.findBackendFactory(NAME) === null) tf.registerBackend(NAME, liveFactory, WEBGL_PRIORITY);
  if (!(await tf.setBackend(NAME))) {
    throw new BackendUnavailableError(NAME, 'tf.setBackend("webgl") failed after the backend initialised (see the console)');
  }
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
  if (options.threads !== undefined && options.threads > 1) notes.push(`threads: ${options.threads} was ignored (the GPU schedules its own work)`);
  return {
    name: NAME,
    kind: 'gpu',
    tfjsBackend: tf.getBackend(),
    threads: 1,
    simd: false,
    versions: { 'tfjs-core': tf.version_core, 'tfjs-backend-webgl': version },
    ...(support.renderer === undefined ? {} : { device: support.renderer }),
    kernels: { replaced: [], added, fallback: [] },
    notes,
  };
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
export const webglBackend: BackendProvider = {
  name: NAME,
  kind: 'gpu',
  description: 'WebGL 2/1 on the GPU (tfjs-backend-webgl), browsers only',
  environments: ['browser'],

  async probe(): Promise<ProbeResult> {
    try {
      const support = detectWebgl();
      if (support.version === 0) {
        return { available: false, reason: support.reason ?? 'no WebGL here', ...(isNode() ? { install: BROWSER_HINT } : {}) };
      }
      return { available: true, reason: summariseWebgl(support) };
    } catch (error) {
      return { available: false, reason: `probing WebGL failed: ${message(error)}` };
    }
  },

  async activate(options: ActivateOptions = {}): Promise<BackendInfo> {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`webgl activate options must be an object, got ${String(options)}`);
    }
    const timeoutMs = assertNumber('options.timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, { min: 0, exclusiveMin: true });
    return withTimeout(activateWithin(options), timeoutMs, NAME);
  },
};

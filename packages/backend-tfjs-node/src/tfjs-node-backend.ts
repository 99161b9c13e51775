import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '@nnlab/autodiff';
import {
  type ActivateOptions,
  type BackendInfo,
  type BackendProvider,
  BackendUnavailableError,
  defineBackend,
  errorMessage,
  InvalidArgumentError,
  type ProbeResult,
} from '@nnlab/core';
import { locateTfjsNode } from './locate-tfjs-node.js';

/** Options for {@link createTfjsNodeBackend}. */
export interface TfjsNodeBackendOptions {
  /**
   * Imports `@tensorflow/tfjs-node` (which registers and selects its
   * `tensorflow` backend) and resolves to its module. Default: a dynamic
   * import of the installed package. Tests pass a fake; with a custom loader
   * `probe()` cannot check an installation and reports available until a
   * load fails.
   */
  readonly load?: () => Promise<unknown>;
}

const NAME = 'tfjs-node';
const TFJS_BACKEND = 'tensorflow';
const INSTALL = 'npm i @tensorflow/tfjs-node (downloads libtensorflow at install time)';

async function importTfjsNode(): Promise<unknown> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional peer.
  const specifier = '@tensorflow/tfjs-node';
  return import(specifier);
}

/** `version['tfjs-node']` and friends from the loaded module, when it has them. */
function versionsOf(module: unknown): Record<string, string> {
  const versions: Record<string, string> = { 'tfjs-core': tf.version_core };
  const reported = (module as { version?: unknown } | null)?.version;
  if (typeof reported === 'object' && reported !== null) {
    for (const key of ['tfjs-node', 'tfjs'] as const) {
      const value = (reported as Record<string, unknown>)[key];
      if (typeof value === 'string') versions[key] = value;
    }
  }
  return versions;
}

/**
 * Builds the `tfjs-node` backend provider. Use {@link tfjsNodeBackend}; this
 * factory exists so tests can substitute the loader.
 *
 * @example
 * const backend = createTfjsNodeBackend({ load: async () => fakeTfjsNode() });
 */
export function createTfjsNodeBackend(options: TfjsNodeBackendOptions = {}): BackendProvider {
  if (options.load !== undefined && typeof options.load !== 'function') {
    throw new InvalidArgumentError(`load must be a function returning a promise, got ${typeof options.load}`);
  }
  const custom = options.load;
  const load = custom ?? importTfjsNode;
  let loadFailure: string | undefined;
  let loaded: Promise<unknown> | undefined;

  async function probe(): Promise<ProbeResult> {
    if (loadFailure !== undefined) return { available: false, reason: loadFailure, install: INSTALL };
    if (custom !== undefined) return { available: true };
    try {
      const where = await locateTfjsNode();
      return where.found ? { available: true } : { available: false, reason: where.reason, install: where.install };
    } catch (error) {
      return { available: false, reason: `cannot look for @tensorflow/tfjs-node: ${errorMessage(error)}`, install: INSTALL };
    }
  }

  async function activateWithin(activateOptions: ActivateOptions): Promise<BackendInfo> {
    const status = await probe();
    if (!status.available) throw new BackendUnavailableError(NAME, status.reason ?? 'unavailable', status.install);
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      loadFailure = `@tensorflow/tfjs-node is installed but failed to load: ${errorMessage(error)}`;
      throw new BackendUnavailableError(NAME, loadFailure, INSTALL);
    });
    const module = await loaded;
    if (!(await tf.setBackend(TFJS_BACKEND))) {
      throw new BackendUnavailableError(NAME, `@tensorflow/tfjs-node loaded but tf.setBackend('${TFJS_BACKEND}') failed (see the console)`);
    }
    registerGradients();
    const backend = tf.backend() as { isUsingGpuDevice?: unknown };
    const notes = [
      'libtensorflow sizes its own thread pools to the machine; tfjs-node does not expose a setting, so threads is that default',
    ];
    if (activateOptions.threads !== undefined) notes.push(`threads: ${activateOptions.threads} was requested but cannot be set through tfjs-node`);
    if (activateOptions.simd === false) notes.push('simd: false cannot be honoured: libtensorflow is a prebuilt native library');
    const { availableParallelism } = await import('node:os');
    return {
      name: NAME,
      kind: 'native',
      tfjsBackend: tf.getBackend(),
      threads: availableParallelism(),
      // Prebuilt libtensorflow CPU binaries are compiled with AVX (x64) / NEON (arm64).
      simd: true,
      versions: versionsOf(module),
      device: backend.isUsingGpuDevice === true ? 'GPU (libtensorflow, CUDA)' : 'CPU (libtensorflow)',
      kernels: { replaced: [], added: [], fallback: [] },
      notes,
    };
  }

  return defineBackend({
    name: NAME,
    kind: 'native',
    description: 'native libtensorflow through @tensorflow/tfjs-node (optional peer, install it yourself)',
    environments: ['node'],
    probe,
    activate: activateWithin,
  });
}

/**
 * Native TensorFlow (libtensorflow) through `@tensorflow/tfjs-node`, an
 * optional peer dependency you install yourself: its install script
 * downloads libtensorflow. `probe()` says whether it is installed without
 * loading it; `activate()` loads it, selects its `tensorflow` backend and
 * registers nnlab's gradients.
 *
 * @example
 * import { tfjsNodeBackend } from '@nnlab/backend-tfjs-node';
 * const status = await tfjsNodeBackend.probe();
 * if (status.available) await tfjsNodeBackend.activate();
 * else console.log(status.reason, '-', status.install);
 */
export const tfjsNodeBackend: BackendProvider = createTfjsNodeBackend();

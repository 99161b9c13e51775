import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, errorMessage, isNode } from '@nnlab/core';
import { bundledWasmUrls } from './bundled-wasm-urls.js';
import { checkWasmBinary } from './check-wasm-binary.js';
import { detectWasmSimd } from './detect-wasm-simd.js';
import { locateWasmFiles, WASM_BINARY_NAMES } from './locate-wasm-files.js';

export type StockWasm = typeof import('@tensorflow/tfjs-backend-wasm');

/** Where to fetch each `.wasm` binary from, by its file name. */
export type WasmBinaryUrls = Readonly<Record<(typeof WASM_BINARY_NAMES)[number], string>>;

/** What picks the binary; only the first initialisation in a process counts. */
export interface WasmModuleOptions {
  readonly simd?: boolean;
  readonly threads?: number;
  readonly wasmPaths?: string | WasmBinaryUrls;
}

/** The one tfjs wasm module of this process and what it got. */
export interface WasmModule {
  readonly stock: StockWasm;
  /**
   * The live `BackendWasm` over the process's one module; `wasm` and
   * `wasm-stock` both select it. After `tf.engine().reset()` disposed it, the
   * next call makes a new one over the same module (tfjs' own factory
   * instantiates a new module instead).
   */
  readonly backend: () => tf.KernelBackend;
  readonly simd: boolean;
  readonly simdAvailable: boolean;
  /** SIMD was available but the first activation asked for `simd: false`. */
  readonly simdTurnedOff: boolean;
  readonly threads: number;
  /** The threaded binary runs (in Node through nnlab's worker_threads shim). */
  readonly threaded: boolean;
  /** Why the threaded binary does not run, when threads were asked for or the runtime lacks them. */
  readonly threadsUnavailable?: string;
  readonly version: string;
  /** Someone selected stock tfjs wasm before nnlab did; we report tfjs' flags. */
  readonly initialisedElsewhere: boolean;
}

export const WASM_NAME = 'wasm';
export const WASM_INSTALL = 'npm i @tensorflow/tfjs-backend-wasm@4.22.0';
/** Stock tfjs-backend-wasm's registration priority, kept so `tf.ready()` picks the same backend as before. */
export const WASM_PRIORITY = 2;

let initialisation: Promise<WasmModule> | undefined;
/** Once tfjs has tried to instantiate the module, its outcome is final for the process. */
let stockInitialisationStarted = false;


async function importStock(): Promise<StockWasm> {
  try {
    return await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new BackendUnavailableError(WASM_NAME, `cannot load @tensorflow/tfjs-backend-wasm: ${errorMessage(error)}`, WASM_INSTALL);
  }
}

interface WasmInstance {
  wasm: { tfjs: { dispose(): void } } | null;
  dispose(): void;
}

/**
 * The module outlives every backend made over it: disposing one frees its
 * tensors (the module's own dispose) but, unlike tfjs' dispose, leaves the
 * module's threads running, and a second dispose (the same instance is
 * registered as `wasm` and `wasm-stock`) does nothing.
 */
function keepModuleOnDispose(backend: tf.KernelBackend): void {
  const instance = backend as unknown as WasmInstance;
  instance.dispose = function dispose(this: WasmInstance): void {
    if (this.wasm === null) return;
    this.wasm.tfjs.dispose();
    this.wasm = null;
  };
}

/** A factory that returns `first` until it is disposed, then a new `BackendWasm` over the same module. */
function liveBackend(stock: StockWasm, first: tf.KernelBackend): () => tf.KernelBackend {
  const module = (first as unknown as WasmInstance).wasm;
  let current = first;
  keepModuleOnDispose(current);
  return () => {
    if ((current as unknown as WasmInstance).wasm === null) {
      if (module === null) throw new BackendUnavailableError(WASM_NAME, 'the wasm backend was disposed before nnlab registered it');
      current = new stock.BackendWasm(module as unknown as ConstructorParameters<StockWasm['BackendWasm']>[0]);
      keepModuleOnDispose(current);
    }
    return current;
  };
}

/** Whether (and why not) the threaded binary can run for `options` here. */
async function threadPlan(options: WasmModuleOptions, simd: boolean): Promise<{ threaded: boolean; reason?: string }> {
  if (!isNode()) {
    const supported = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
    return supported ? { threaded: true } : { threaded: false, reason: 'this page is not cross-origin isolated (no SharedArrayBuffer) or lacks wasm threads' };
  }
  if (options.threads === undefined || options.threads <= 1) return { threaded: false };
  if (!simd) return { threaded: false, reason: 'the threaded binary needs SIMD' };
  if (typeof SharedArrayBuffer !== 'function') return { threaded: false, reason: 'this Node has no SharedArrayBuffer' };
  return { threaded: true };
}

async function initialise(options: WasmModuleOptions): Promise<WasmModule> {
  const stock = await importStock();
  const simdAvailable = detectWasmSimd();
  // Not tf.findBackend: it would start the stock (async) initialisation itself.
  if (WASM_NAME in tf.engine().registry) {
    const threads = stock.getThreadsCount();
    return {
      stock,
      backend: liveBackend(stock, tf.engine().registry[WASM_NAME] as tf.KernelBackend),
      simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
      simdAvailable,
      simdTurnedOff: false,
      threads,
      threaded: threads > 1,
      version: stock.version_wasm,
      initialisedElsewhere: true,
    };
  }
  const paths = options.wasmPaths ?? (isNode() ? await locateWasmFiles() : bundledWasmUrls());
  if (paths !== undefined) stock.setWasmPaths(paths);
  const simd = simdAvailable && options.simd !== false;
  const plan = await threadPlan(options, simd);
  // The stock init reads these flags to pick the plain, SIMD or threaded SIMD binary.
  tf.env().set('WASM_HAS_SIMD_SUPPORT', simd);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', plan.threaded);
  if (isNode() && paths !== undefined) {
    const binary = plan.threaded ? WASM_BINARY_NAMES[2] : simd ? WASM_BINARY_NAMES[1] : WASM_BINARY_NAMES[0];
    const path = typeof paths === 'string' ? paths + binary : paths[binary];
    // A file path, not a URL: give the real reason if it is missing or broken.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) await checkWasmBinary(path);
  }
  if (options.threads !== undefined) stock.setThreadsCount(options.threads);

  // Build the backend ourselves instead of letting tf.setBackend do it:
  // the engine swallows initialisation errors (it only logs them), and we
  // owe the caller the real reason.
  const factory = tf.findBackendFactory(WASM_NAME);
  let backend: tf.KernelBackend;
  stockInitialisationStarted = true;
  try {
    const create = async (): Promise<tf.KernelBackend> => await factory();
    if (isNode() && plan.threaded) {
      const { withNodeThreads } = await import('./node-threads.js');
      backend = await withNodeThreads(options.threads ?? 1, create);
    } else {
      backend = await create();
    }
  } catch (error) {
    throw new BackendUnavailableError(WASM_NAME, `the WebAssembly module failed to initialise: ${errorMessage(error)}`, WASM_INSTALL);
  }
  const live = liveBackend(stock, backend);
  tf.removeBackend(WASM_NAME);
  tf.registerBackend(WASM_NAME, live, WASM_PRIORITY);
  const threads = stock.getThreadsCount();
  return {
    stock,
    backend: live,
    simd,
    simdAvailable,
    simdTurnedOff: simdAvailable && !simd,
    threads,
    threaded: plan.threaded,
    ...(plan.reason === undefined ? {} : { threadsUnavailable: plan.reason }),
    version: stock.version_wasm,
    initialisedElsewhere: false,
  };
}

/**
 * Loads and instantiates the tfjs wasm module once per process (later calls
 * get the first result) and registers its backend as `wasm`. In Node,
 * `threads > 1` starts the threaded SIMD binary under `worker_threads`
 * (see `withNodeThreads`); otherwise the SIMD (or plain) binary runs on
 * one thread. Failures found before tfjs touched the module (missing or
 * broken files) can be retried.
 */
export function initialiseWasmModule(options: WasmModuleOptions): Promise<WasmModule> {
  initialisation ??= initialise(options).catch((error: unknown) => {
    if (!stockInitialisationStarted) initialisation = undefined;
    throw error;
  });
  return initialisation;
}

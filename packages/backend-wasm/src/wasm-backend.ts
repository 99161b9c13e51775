import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '@nnlab/autodiff';
import {
  type ActivateOptions,
  assertInteger,
  assertNumber,
  type BackendInfo,
  type BackendProvider,
  BackendUnavailableError,
  InvalidArgumentError,
  type KernelReport,
  type ProbeResult,
  withTimeout,
} from '@nnlab/core';
import { checkWasmBinary } from './check-wasm-binary.js';
import { detectWasmSimd } from './detect-wasm-simd.js';
import { locateWasmFiles, WASM_BINARY_NAMES } from './locate-wasm-files.js';
import { registerWasmKernels } from './register-wasm-kernels.js';

type StockWasm = typeof import('@tensorflow/tfjs-backend-wasm');

/** Where to fetch each `.wasm` binary from, by its file name. */
export type WasmBinaryUrls = Readonly<Record<(typeof WASM_BINARY_NAMES)[number], string>>;

/** {@link ActivateOptions} plus where the `.wasm` binaries live. */
export interface WasmActivateOptions extends ActivateOptions {
  /**
   * Where the three `.wasm` binaries of `@tensorflow/tfjs-backend-wasm` 4.22.0
   * are: a prefix ending in a separator (a URL in browsers, a directory in
   * Node), or one location per binary. Default: in Node the binaries of the
   * installed package, found by module resolution; in browsers next to the
   * bundled script (tfjs' default). Ignored after the first successful
   * activation in a process.
   */
  readonly wasmPaths?: string | WasmBinaryUrls;
}

/** What the first activation in this process got; the wasm module cannot be re-initialised. */
interface WasmState {
  readonly simd: boolean;
  readonly simdAvailable: boolean;
  /** SIMD was available but the first activation asked for `simd: false`. */
  readonly simdTurnedOff: boolean;
  readonly threads: number;
  readonly threadsSupported: boolean;
  readonly version: string;
  readonly kernels: KernelReport;
  /** Someone selected stock tfjs wasm before nnlab did; we report tfjs' flags. */
  readonly initialisedElsewhere: boolean;
}

const NAME = 'wasm';
const INSTALL = 'npm i @tensorflow/tfjs-backend-wasm@4.22.0';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Stock tfjs-backend-wasm's registration priority, kept so `tf.ready()` picks the same backend as before. */
const WASM_PRIORITY = 2;

let initialisation: Promise<WasmState> | undefined;
/** Once tfjs has tried to instantiate the module, its outcome is final for the process. */
let stockInitialisationStarted = false;

const isNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Emscripten's abort path rejects with a plain `{ message }` object.
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

function validate(options: WasmActivateOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`wasm activate options must be an object, got ${String(options)}`);
  }
  if (options.timeoutMs !== undefined) assertNumber('timeoutMs', options.timeoutMs, { min: 0, exclusiveMin: true });
  if (options.threads !== undefined) assertInteger('threads', options.threads, 1);
  if (options.simd !== undefined && typeof options.simd !== 'boolean') {
    throw new InvalidArgumentError(`simd must be a boolean, got ${JSON.stringify(options.simd)}`);
  }
  const paths = options.wasmPaths;
  if (paths !== undefined && typeof paths !== 'string') {
    const missing = WASM_BINARY_NAMES.filter((name) => typeof paths[name] !== 'string');
    if (typeof paths !== 'object' || paths === null || missing.length > 0) {
      throw new InvalidArgumentError(
        `wasmPaths must be a URL prefix or an object with a URL for each of ${WASM_BINARY_NAMES.join(', ')}; missing ${missing.join(', ')}`,
      );
    }
  }
}

async function importStock(): Promise<StockWasm> {
  try {
    return await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new BackendUnavailableError(NAME, `cannot load @tensorflow/tfjs-backend-wasm: ${describe(error)}`, INSTALL);
  }
}

async function initialise(stock: StockWasm, options: WasmActivateOptions): Promise<WasmState> {
  const threadsSupported = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') === true;
  const simdAvailable = detectWasmSimd();
  // Not tf.findBackend: it would start the stock (async) initialisation itself.
  if (NAME in tf.engine().registry) {
    // Already initialised by someone calling tf.setBackend('wasm') directly.
    return {
      simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
      simdAvailable,
      simdTurnedOff: false,
      threads: stock.getThreadsCount(),
      threadsSupported,
      version: stock.version_wasm,
      kernels: registerWasmKernels(),
      initialisedElsewhere: true,
    };
  }
  const paths = options.wasmPaths ?? (isNode() ? await locateWasmFiles() : undefined);
  if (paths !== undefined) stock.setWasmPaths(paths);
  // The stock init reads this flag to pick the SIMD or plain binary.
  const simd = simdAvailable && options.simd !== false;
  tf.env().set('WASM_HAS_SIMD_SUPPORT', simd);
  if (isNode() && paths !== undefined) {
    const binary = simd && threadsSupported ? WASM_BINARY_NAMES[2] : simd ? WASM_BINARY_NAMES[1] : WASM_BINARY_NAMES[0];
    const path = typeof paths === 'string' ? paths + binary : paths[binary];
    // A file path, not a URL: give the real reason if it is missing or broken.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) await checkWasmBinary(path);
  }
  if (options.threads !== undefined) stock.setThreadsCount(options.threads);

  // Build the backend ourselves instead of letting tf.setBackend do it:
  // the engine swallows initialisation errors (it only logs them), and we
  // owe the caller the real reason.
  const factory = tf.findBackendFactory(NAME);
  let instance: tf.KernelBackend;
  stockInitialisationStarted = true;
  try {
    instance = await factory();
  } catch (error) {
    throw new BackendUnavailableError(NAME, `the WebAssembly module failed to initialise: ${describe(error)}`, INSTALL);
  }
  tf.removeBackend(NAME);
  tf.registerBackend(NAME, () => instance, WASM_PRIORITY);
  return {
    simd,
    simdAvailable,
    simdTurnedOff: simdAvailable && !simd,
    threads: stock.getThreadsCount(),
    threadsSupported,
    version: stock.version_wasm,
    kernels: registerWasmKernels(),
    initialisedElsewhere: false,
  };
}

function notesFor(state: WasmState, options: WasmActivateOptions): string[] {
  const notes: string[] = [];
  if (!state.threadsSupported && isNode()) {
    notes.push(
      'single-threaded: @tensorflow/tfjs-backend-wasm 4.22.0 turns multithreading off under Node ' +
        '(WASM_HAS_MULTITHREAD_SUPPORT is false there, tensorflow/tfjs#3830), so the non-threaded binary runs',
    );
  } else if (!state.threadsSupported) {
    notes.push('single-threaded: this page is not cross-origin isolated (no SharedArrayBuffer) or lacks wasm threads');
  }
  if (options.threads !== undefined && options.threads !== state.threads) {
    notes.push(`threads: ${options.threads} was requested; running with ${state.threads}`);
  }
  if (!state.simdAvailable) notes.push('this WebAssembly runtime has no SIMD; the plain binary runs');
  else if (state.simdTurnedOff) notes.push('SIMD turned off by activate({ simd: false })');
  if (options.simd !== undefined && options.simd !== state.simd && state.simdAvailable) {
    notes.push(`simd: ${options.simd} was requested, but the wasm module was already initialised in this process with simd ${state.simd}`);
  }
  if (state.initialisedElsewhere) {
    notes.push('tfjs wasm was initialised before nnlab activated it; SIMD and threads are as tfjs chose');
  }
  // Added and replaced kernels are listed in BackendInfo.kernels, not repeated here.
  return notes;
}

async function activateWithin(options: WasmActivateOptions): Promise<BackendInfo> {
  const stock = await importStock();
  initialisation ??= initialise(stock, options).catch((error: unknown) => {
    // Failures found before tfjs touched the module (missing or broken files) can be retried.
    if (!stockInitialisationStarted) initialisation = undefined;
    throw error;
  });
  const state = await initialisation;
  if (!(await tf.setBackend(NAME))) {
    throw new BackendUnavailableError(NAME, 'tf.setBackend("wasm") failed after the module initialised (see the console)');
  }
  registerGradients();
  return {
    name: NAME,
    kind: 'wasm',
    tfjsBackend: tf.getBackend(),
    threads: state.threads,
    simd: state.simd,
    versions: { 'tfjs-core': tf.version_core, 'tfjs-backend-wasm': state.version },
    kernels: state.kernels,
    notes: notesFor(state, options),
  };
}

/**
 * The tfjs WebAssembly backend (`@tensorflow/tfjs-backend-wasm` 4.22.0) behind
 * nnlab's backend contract, with the kernels training needs that stock wasm
 * lacks (see `BackendInfo.kernels`).
 *
 * Importing this package registers nothing. `activate()` loads tfjs wasm,
 * points it at its own `.wasm` files in Node (any working directory; in a
 * browser pass `wasmPaths` if the files are not served next to the bundle),
 * uses SIMD when the runtime has it unless `simd: false`, and gives up after
 * `timeoutMs` (default 30 s). Settings that pick the binary (`simd`, `threads`,
 * `wasmPaths`) only take effect on the first activation in a process; later
 * ones report what is really running.
 *
 * @example
 * import { wasmBackend } from '@nnlab/backend-wasm';
 * const info = await wasmBackend.activate();
 * console.log(info.tfjsBackend, info.simd, info.kernels?.added); // 'wasm' true ['Conv2DBackpropFilter', ...]
 */
export const wasmBackend: BackendProvider & {
  activate(options?: WasmActivateOptions): Promise<BackendInfo>;
} = {
  name: NAME,
  kind: 'wasm',
  description: 'WebAssembly (tfjs-backend-wasm, XNNPACK, SIMD when available)',
  environments: ['node', 'browser'],

  async probe(): Promise<ProbeResult> {
    if (typeof WebAssembly !== 'object') {
      return { available: false, reason: 'this JavaScript runtime has no WebAssembly' };
    }
    if (isNode()) {
      try {
        await locateWasmFiles();
      } catch (error) {
        return { available: false, reason: describe(error), install: INSTALL };
      }
    }
    return detectWasmSimd()
      ? { available: true }
      : { available: true, reason: 'no WebAssembly SIMD here: the slower plain binary will run' };
  },

  async activate(options: WasmActivateOptions = {}): Promise<BackendInfo> {
    validate(options);
    return withTimeout(activateWithin(options), options.timeoutMs ?? DEFAULT_TIMEOUT_MS, NAME);
  },
};

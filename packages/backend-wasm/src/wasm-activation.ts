import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '@nnlab/autodiff';
import { type ActivateOptions, type BackendInfo, BackendUnavailableError, errorMessage, InvalidArgumentError, isNode, type KernelReport, type ProbeResult } from '@nnlab/core';
import { detectWasmSimd } from './detect-wasm-simd.js';
import { locateWasmFiles, WASM_BINARY_NAMES } from './locate-wasm-files.js';
import { WASM_INSTALL, type WasmBinaryUrls, type WasmModule } from './wasm-module.js';

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

/** Throws InvalidArgumentError for a `wasmPaths` no wasm provider can take (the common options are checked by defineBackend). */
export function validateWasmPaths(options: WasmActivateOptions): void {
  const paths = options.wasmPaths;
  if (paths !== undefined && typeof paths !== 'string') {
    const missing = WASM_BINARY_NAMES.filter((binary) => typeof paths[binary] !== 'string');
    if (typeof paths !== 'object' || paths === null || missing.length > 0) {
      throw new InvalidArgumentError(
        `wasmPaths must be a URL prefix or an object with a URL for each of ${WASM_BINARY_NAMES.join(', ')}; missing ${missing.join(', ')}`,
      );
    }
  }
}

/** What a user should know about the module an activation got (threads, SIMD, first-activation-wins). */
export function wasmNotes(module: WasmModule, options: WasmActivateOptions): string[] {
  const notes: string[] = [];
  if (module.threaded && isNode()) {
    notes.push(`threads: ${module.threads}, threaded SIMD binary under Node worker_threads (nnlab's shim; stock tfjs 4.22 turns threads off in Node)`);
  } else if (!module.threaded && isNode()) {
    notes.push(
      module.threadsUnavailable === undefined
        ? 'single-threaded: the SIMD binary runs on the main thread; activate({ threads: n }) (nnlab --threads n) starts the threaded binary under worker_threads'
        : `single-threaded: ${module.threadsUnavailable}`,
    );
  } else if (!module.threaded) {
    notes.push(`single-threaded: ${module.threadsUnavailable ?? 'the runtime lacks wasm threads'}`);
  }
  if (options.threads !== undefined && options.threads !== module.threads) {
    notes.push(`threads: ${options.threads} was requested; running with ${module.threads} (threads are fixed by the first activation in a process)`);
  }
  if (!module.simdAvailable) notes.push('this WebAssembly runtime has no SIMD; the plain binary runs');
  else if (module.simdTurnedOff) notes.push('SIMD turned off by activate({ simd: false })');
  if (options.simd !== undefined && options.simd !== module.simd && module.simdAvailable) {
    notes.push(`simd: ${options.simd} was requested, but the wasm module was already initialised in this process with simd ${module.simd}`);
  }
  if (module.initialisedElsewhere) {
    notes.push('tfjs wasm was initialised before nnlab activated it; SIMD and threads are as tfjs chose');
  }
  return notes;
}

/** `probe()` of the wasm providers: WebAssembly present, `.wasm` files found (Node), SIMD or not. */
export async function probeWasm(): Promise<ProbeResult> {
  if (typeof WebAssembly !== 'object') {
    return { available: false, reason: 'this JavaScript runtime has no WebAssembly' };
  }
  if (isNode()) {
    try {
      await locateWasmFiles();
    } catch (error) {
      return { available: false, reason: errorMessage(error), install: WASM_INSTALL };
    }
  }
  return detectWasmSimd()
    ? { available: true }
    : { available: true, reason: 'no WebAssembly SIMD here: the slower plain binary will run' };
}

/**
 * Selects the tfjs backend `name` (registered on `module`), registers nnlab's
 * gradients and reports the activation: what `wasm` and `wasm-stock` share,
 * each adding its own kernel changes and notes.
 */
export async function selectWasmBackend(name: string, module: WasmModule, details: { readonly kernels: KernelReport; readonly notes: string[] }): Promise<BackendInfo> {
  if (!(await tf.setBackend(name))) {
    throw new BackendUnavailableError(name, `tf.setBackend("${name}") failed after the module initialised (see the console)`);
  }
  registerGradients();
  return {
    name,
    kind: 'wasm',
    tfjsBackend: tf.getBackend(),
    threads: module.threads,
    simd: module.simd,
    versions: { 'tfjs-core': tf.version_core, 'tfjs-backend-wasm': module.version },
    ...details,
  };
}

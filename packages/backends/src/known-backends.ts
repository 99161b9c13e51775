import type { BackendProvider } from '@nnlab/core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { nativeBackend } from '@nnlab/backend-native';
import { tfjsNodeBackend } from '@nnlab/backend-tfjs-node';
import { wasmBackend, wasmStockBackend } from '@nnlab/backend-wasm';
import { webglBackend } from '@nnlab/backend-webgl';
import { webgpuBackend } from '@nnlab/backend-webgpu';

/**
 * Every nnlab backend, in order of preference for `auto` (see `pickBackend`).
 * This list is the only place in nnlab that knows every backend; the CLI,
 * sweep workers and the labs take it from here.
 *
 * @example
 * for (const backend of knownBackends()) console.log(backend.name, (await backend.probe()).available);
 */
export function knownBackends(): BackendProvider[] {
  return [
    nativeBackend,
    tfjsNodeBackend,
    wasmBackend,
    cpuBackend,
    // Browser backends: in Node their probes say "needs a browser"; `nnlab bench --browser` runs them in headless Chromium.
    webglBackend,
    webgpuBackend,
    // Unmodified tfjs wasm, for comparisons (`nnlab bench --backend wasm,wasm-stock`); last, so `auto` never picks it.
    wasmStockBackend,
  ];
}

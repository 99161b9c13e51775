import type { BackendProvider } from '@nnlab/core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { nativeBackend } from '@nnlab/backend-native';
import { tfjsNodeBackend } from '@nnlab/backend-tfjs-node';
import { wasmBackend, wasmStockBackend } from '@nnlab/backend-wasm';
import { webglBackend } from '@nnlab/backend-webgl';
import { webgpuBackend } from '@nnlab/backend-webgpu';

/**
 * Every backend the CLI knows, in order of preference for `--backend auto`.
 * This list is the only place in nnlab that knows every backend.
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
    // Unmodified tfjs wasm, for `nnlab bench --backend wasm,wasm-stock`; last, so `auto` never picks it.
    wasmStockBackend,
  ];
}

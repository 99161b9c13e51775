import { cpuBackend } from '@nnlab/backend-cpu';
import { wasmBackend } from '@nnlab/backend-wasm';
import { webglBackend } from '@nnlab/backend-webgl';
import { webgpuBackend } from '@nnlab/backend-webgpu';
import type { ActivateOptions, BackendInfo, BackendProvider } from '@nnlab/core';
import { wasmBinaryUrls } from './wasm-binary-urls.js';

/** Activation is bounded: a hung GPU driver or wasm worker must not freeze the page. */
export const ACTIVATION_TIMEOUT_MS = 20_000;

/** wasm with its binaries located explicitly (the built site's hashed asset URLs). */
const locatedWasm: BackendProvider = {
  ...wasmBackend,
  activate: (options?: ActivateOptions): Promise<BackendInfo> => wasmBackend.activate({ ...options, wasmPaths: wasmBinaryUrls }),
};

/** Every backend a browser may have, fastest first: the order the demo offers them in. */
export const browserBackends: readonly BackendProvider[] = [webgpuBackend, webglBackend, locatedWasm, cpuBackend];

/** The browser backend called `name`. */
export function browserBackend(name: string): BackendProvider {
  const found = browserBackends.find((b) => b.name === name);
  if (found === undefined) throw new Error(`unknown backend "${name}"; browser backends: ${browserBackends.map((b) => b.name).join(', ')}`);
  return found;
}

/** Activates `name` with the page's timeout. */
export function activateBrowserBackend(name: string, options: ActivateOptions = {}): Promise<BackendInfo> {
  return browserBackend(name).activate({ timeoutMs: ACTIVATION_TIMEOUT_MS, ...options });
}

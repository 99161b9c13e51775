import * as tf from '@tensorflow/tfjs-core';
import { type BackendInfo, BackendUnavailableError, defineBackend, FUSED_KERNELS } from '@nnlab/core';
import { wasmKernelChanges } from './register-wasm-kernels.js';
import { stockWasmKernels } from './stock-wasm-kernels.js';
import { probeWasm, selectWasmBackend, validateWasmPaths, type WasmActivateOptions, wasmNotes } from './wasm-activation.js';
import { initialiseWasmModule, type WasmModule } from './wasm-module.js';

const NAME = 'wasm-stock';
/** Below cpu (1) and wasm (2): `tf.ready()` never picks it on its own. */
const PRIORITY = 0;

let registered = false;

/**
 * Registers the stock kernel copies under `wasm-stock` and the shared
 * `BackendWasm` instance as its backend. One instance under two names,
 * rather than a second instance: stock kernels bind their C++ functions to
 * module-level variables in their setup, so a second wasm module would
 * rebind them for both; and a second instance on the same module would
 * reuse the first one's tensor ids in the C++ registry. Sharing it, a
 * tensor made under either name is usable under the other without a copy.
 */
function register(module: WasmModule): void {
  // Every time: after tf.removeBackend('wasm-stock') activating registers it again.
  if (tf.findBackendFactory(NAME) === null) tf.registerBackend(NAME, module.backend, PRIORITY);
  if (registered) return;
  const kernels = stockWasmKernels();
  if (kernels.length === 0) throw new BackendUnavailableError(NAME, 'the stock tfjs-backend-wasm kernels were not registered by its import');
  for (const config of kernels) {
    if (tf.getKernel(config.kernelName, NAME) === undefined) tf.registerKernel({ ...config, backendName: NAME });
  }
  registered = true;
}

/** `a, b and c`. */
const listed = (names: readonly string[]): string =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`;

function lacks(): string[] {
  const { fills, fixes, speedsUp } = wasmKernelChanges();
  const stock = new Set(stockWasmKernels().map((config) => config.kernelName));
  const fused = new Set<string>(Object.values(FUSED_KERNELS));
  const copying = speedsUp.filter((name) => !name.includes('MatMul'));
  const missing = fills.filter((name) => !stock.has(name) && !fused.has(name));
  return [
    `stock tfjs-backend-wasm 4.22 kernels only, for comparison with nnlab's wasm: ${missing.length > 0 ? `no ${missing.join(', ')} (a CNN cannot train)` : 'no kernels missing'}`,
    `${listed(fixes)} compute wrong results in some cases here (fixed in nnlab's wasm)`,
    `BatchMatMul and _FusedMatMul with a transposed operand run in a scalar loop (the matMuls of every gradient); ` +
      `${copying.length > 0 ? `${listed(copying)} ${copying.length === 1 ? 'copies' : 'copy'} whole buffers (every tensor saved for the backward pass); ` : ''}no fused optimizer kernels`,
  ];
}

async function activateWithin(options: WasmActivateOptions): Promise<BackendInfo> {
  const module = await initialiseWasmModule(options);
  register(module);
  return selectWasmBackend(NAME, module, { kernels: { replaced: [], added: [], fallback: [] }, notes: [...lacks(), ...wasmNotes(module, options)] });
}

/**
 * Unmodified `@tensorflow/tfjs-backend-wasm` 4.22.0, registered as the tfjs
 * backend `wasm-stock`, kept to measure what nnlab's `wasm` changes
 * (`nnlab bench --backend wasm,wasm-stock`). It runs only the kernels the
 * stock package registers, so it lacks what training a CNN needs
 * (`Conv2DBackpropFilter`), keeps stock's wrong `MaxPoolGrad` and float32
 * `OneHot`, and runs transposed matMuls in a scalar loop; `BackendInfo.notes`
 * says so. It shares the process's one wasm module (and its threads and
 * SIMD, fixed by whichever of `wasm`/`wasm-stock` activates first) with
 * `wasm`. Not for training anything you care about.
 *
 * @example
 * const info = await wasmStockBackend.activate();
 * console.log(info.tfjsBackend, info.notes?.[0]); // 'wasm-stock' 'stock tfjs-backend-wasm 4.22 kernels only, ...'
 */
export const wasmStockBackend = defineBackend<WasmActivateOptions>({
  name: NAME,
  kind: 'wasm',
  description: 'unmodified tfjs-backend-wasm 4.22 (no nnlab kernels; for comparison)',
  environments: ['node', 'browser'],
  probe: probeWasm,
  validate: validateWasmPaths,
  activate: activateWithin,
});

import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allFiniteFunction } from './all-finite-code.js';
import { columnSumFunction } from './column-sum-code.js';
import { compareFunctions } from './compare-code.js';
import { fusedOptimizerFunctions } from './fused-optimizer-code.js';
import { maxPoolGradFunction } from './max-pool-grad-code.js';
import { transposeFunction } from './transpose-code.js';
import { selectFunction } from './select-code.js';
import { buildWasmModule } from './wasm-module-builder.js';

/** nnlab's SIMD kernels, by name; pointers are byte offsets into the tfjs module's memory. */
export type SimdExports = Record<string, (...args: number[]) => void>;

/** One instance per tfjs wasm memory (there is one per process; keyed anyway so nothing stale is reused). */
const instances = new WeakMap<WebAssembly.Memory, SimdExports>();

const functions = () => [...fusedOptimizerFunctions(), ...compareFunctions(), selectFunction(), columnSumFunction(), allFiniteFunction(), maxPoolGradFunction(), transposeFunction()];

/** The Emscripten module's memory: exported by the plain and SIMD builds, imported (shared) by the threaded one. */
function memoryOf(backend: BackendWasm): WebAssembly.Memory {
  const module = backend.wasm as unknown as { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  const memory = module.asm?.memory ?? module.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('nnlab wasm SIMD kernels cannot find the tfjs wasm memory');
  return memory;
}

/**
 * nnlab's SIMD kernel module instantiated on `backend`'s memory, so its
 * functions read and write tensors in place on the tfjs heap (no copies).
 */
export function simdExports(backend: BackendWasm): SimdExports {
  const memory = memoryOf(backend);
  let instance = instances.get(memory);
  if (instance === undefined) {
    const sharedMemory = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(buildWasmModule(functions(), { sharedMemory }));
    instance = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdExports;
    instances.set(memory, instance);
  }
  return instance;
}

/** Calls SIMD kernel `name` on `backend`'s heap. */
export function runSimd(backend: BackendWasm, name: string, ...args: number[]): void {
  const kernel = simdExports(backend)[name];
  if (kernel === undefined) throw new Error(`nnlab wasm SIMD module has no function ${name}`);
  kernel(...args);
}

/** Whether this runtime compiles the SIMD kernels (wasm SIMD, Node 16.4+ and current browsers). */
export function simdKernelsSupported(): boolean {
  if (supported === undefined) {
    try {
      supported = WebAssembly.validate(buildWasmModule(functions(), { sharedMemory: false }));
    } catch {
      supported = false;
    }
  }
  return supported;
}

let supported: boolean | undefined;

/** Where `info`'s data starts on the wasm heap. */
export function heapOffset(backend: BackendWasm, info: { dataId: object }): number {
  return (backend.dataIdMap.get(info.dataId) as { memoryOffset: number }).memoryOffset;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** How the Node bundle of tfjs-backend-wasm 4.22 names the modules its threaded factory closes over. */
const BUNDLE_GLOBALS =
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), " +
  "require$$4 = require('os'), commonjsGlobal = globalThis;\n";
/** The main script tfjs hands each pthread worker, recognised by its first words. */
const MAIN_SCRIPT_PREFIX = 'var WasmBackendModuleThreadedSimd';
/** Prepended to the worker script: the main script arrives as a file path in a String object. */
const WORKER_PRELUDE = 'URL.createObjectURL = (x) => String(x);\n';

interface Unrefable {
  unref(): void;
}

/** Lets Node exit while the pool's idle pthreads wait (Emscripten refs a worker while it runs a thread). */
function unrefWorkers(backend: unknown): void {
  const pthreads = (backend as { wasm?: { PThread?: { runningWorkers: Unrefable[]; unusedWorkers: Unrefable[] } } }).wasm?.PThread;
  for (const worker of [...(pthreads?.runningWorkers ?? []), ...(pthreads?.unusedWorkers ?? [])]) worker.unref();
}

/**
 * Runs `initialise` (tfjs-backend-wasm's own init, with
 * `WASM_HAS_MULTITHREAD_SUPPORT` set) so that its threaded SIMD binary
 * can start under Node `worker_threads`. Stock tfjs 4.22 cannot do that on its own:
 *
 * - it builds the pthread worker script and the module's main script as
 *   `Blob`s and loads them from `blob:` URLs, which Node's `Worker` and the
 *   worker's `importScripts` (a `readFileSync`) cannot open. Here both are
 *   written to files in a temporary directory instead (deleted on exit);
 * - the main script is the factory's source text, which refers to the
 *   bundle's `require$$N` module variables; they are defined ahead of it;
 * - its C++ caps the thread pool at half of `emscripten_num_logical_cores()`
 *   (which reads `os.cpus().length` in Node) even when a count is asked for,
 *   so `os.cpus()` reports at least `2 * threads` entries while the module
 *   instantiates;
 * - the pool's threads keep their workers referenced, so Node would never
 *   exit: they are unref'd once the backend exists.
 *
 * Every patched global (`Blob`, `URL.createObjectURL`, `os.cpus`, and the
 * `Worker` the Emscripten module sets on `globalThis`) is restored before
 * this returns. Emscripten preallocates 8 pthread workers, so up to 8
 * threads can be used.
 */
export async function withNodeThreads<T>(threads: number, initialise: () => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(os.tmpdir(), 'nnlab-wasm-threads-'));
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  const NativeBlob = globalThis.Blob;
  const nativeCreateObjectURL = URL.createObjectURL;
  const nativeCpus = os.cpus;
  const hadWorker = 'Worker' in globalThis;
  const nativeWorker = (globalThis as { Worker?: unknown }).Worker;
  const texts = new WeakMap<object, string>();
  let files = 0;
  const write = (name: string, text: string): string => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };

  class FileBackedBlob extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).map((part) => (typeof part === 'string' ? part : '')).join('');
      // A String object survives postMessage to the worker, where the prelude turns it back into a path.
      if (text.startsWith(MAIN_SCRIPT_PREFIX)) return new String(write('main.cjs', BUNDLE_GLOBALS + text)) as unknown as FileBackedBlob;
      texts.set(this, text);
    }
  }
  globalThis.Blob = FileBackedBlob;
  URL.createObjectURL = (object: Blob | MediaSource): string => {
    if (object instanceof String) return String(object);
    const text = texts.get(object);
    return text === undefined ? nativeCreateObjectURL(object) : write(`worker-${files++}.cjs`, WORKER_PRELUDE + text);
  };
  os.cpus = () => {
    const cpus = nativeCpus();
    while (cpus.length > 0 && cpus.length < 2 * threads) cpus.push(cpus[0] as os.CpuInfo);
    return cpus;
  };
  try {
    const backend = await initialise();
    unrefWorkers(backend);
    return backend;
  } finally {
    globalThis.Blob = NativeBlob;
    URL.createObjectURL = nativeCreateObjectURL;
    os.cpus = nativeCpus;
    // Other libraries read a global Worker as "web workers exist" (jax-js does); Node has none.
    if (hadWorker) (globalThis as { Worker?: unknown }).Worker = nativeWorker;
    else delete (globalThis as { Worker?: unknown }).Worker;
  }
}

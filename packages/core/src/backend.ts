/**
 * The one contract every tensor backend package implements. Apps pick a
 * backend through this object (or by name through a {@link BackendRegistry});
 * the rest of nnlab only uses tfjs-core ops and never asks which is active.
 */

/** How a backend computes. */
export type BackendKind = 'js' | 'wasm' | 'gpu' | 'native';

/** Where a backend can run. */
export type BackendEnvironment = 'node' | 'browser';

/** Whether a backend can run here, and if not, why and what to install. */
export interface ProbeResult {
  readonly available: boolean;
  /** Why it is unavailable (or a caveat when available), in one line a user understands. */
  readonly reason?: string;
  /** What to run or install to make it available, e.g. `npm i @tensorflow/tfjs-node`. */
  readonly install?: string;
}

/** Options for {@link BackendProvider.activate}. Backends ignore what they cannot honour and say so in {@link BackendInfo}. */
export interface ActivateOptions {
  /** Worker threads to use; backends that cannot thread report 1. */
  readonly threads?: number;
  /** Use SIMD when the platform has it (default true). */
  readonly simd?: boolean;
  /** Give up activation after this long (default 30 s): a hung backend must never hang the caller. */
  readonly timeoutMs?: number;
  /**
   * Repeat results bit for bit: the same seed, thread count and machine give
   * the same numbers on every run (default false). Backends that choose a
   * kernel or a thread count by timing (native) stop doing so, which can cost
   * speed under load; the others are deterministic already and ignore it.
   */
  readonly deterministic?: boolean;
}

/** Kernels a backend package changed relative to the stock tfjs backend it wraps. */
export interface KernelReport {
  /** Stock kernels replaced with faster or more complete ones. */
  readonly replaced: readonly string[];
  /** Kernels the stock backend lacks that this package adds. */
  readonly added: readonly string[];
  /** Kernels that explicitly fall back to a slower path. */
  readonly fallback: readonly string[];
}

/** What {@link BackendProvider.activate} really got. */
export interface BackendInfo {
  /** nnlab backend name (`cpu`, `wasm`, ...). */
  readonly name: string;
  readonly kind: BackendKind;
  /** Name of the tfjs backend that is now active (`tf.getBackend()`). */
  readonly tfjsBackend: string;
  readonly threads: number;
  readonly simd: boolean;
  /** Versions of what runs underneath, e.g. `{ 'tfjs-core': '4.22.0' }`. */
  readonly versions: Readonly<Record<string, string>>;
  /** GPU adapter or CPU description, when known. */
  readonly device?: string;
  readonly kernels?: KernelReport;
  /** Anything else a user should know about this activation. */
  readonly notes?: readonly string[];
}

/**
 * A tensor backend. Importing a backend package registers nothing; calling
 * `activate()` registers and selects it.
 *
 * @example
 * const info = await cpuBackend.activate();
 * console.log(info.tfjsBackend); // 'cpu'
 */
export interface BackendProvider {
  /** Stable lowercase name used on the command line (`--backend wasm`). */
  readonly name: string;
  readonly kind: BackendKind;
  /** One line for `nnlab backends`. */
  readonly description: string;
  readonly environments: readonly BackendEnvironment[];
  /** Cheap check whether the backend can run here; never throws. */
  probe(): Promise<ProbeResult>;
  /** Registers (once) and selects the backend; throws {@link BackendUnavailableError} when it cannot. */
  activate(options?: ActivateOptions): Promise<BackendInfo>;
}

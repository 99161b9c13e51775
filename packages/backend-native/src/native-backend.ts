import os from 'node:os';
import { registerGradients } from '@nnlab/autodiff';
import {
  type ActivateOptions,
  type BackendInfo,
  BackendUnavailableError,
  defineBackend,
  InvalidArgumentError,
  isNode,
  type KernelReport,
  type ProbeResult,
} from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BACKEND_NAME } from './kernels/kernel-support.js';
import { loadNativeAddon, openMpWaitPolicy } from './load-native-addon.js';
import { nativeBackendClass } from './native-backend-class.js';
import type { NativeAddon, NativeAddonInfo } from './native-addon.js';
import { registerNativeKernels } from './register-native-kernels.js';

/** {@link ActivateOptions} plus the native backend's own. */
export interface NativeActivateOptions extends ActivateOptions {
  /**
   * Let each large GEMM and convolution shape time one thread against
   * `threads` and keep the faster, re-checking every 16th call (every
   * 64th while `threads` clearly wins; native/thread-choice.h) (default
   * true): two threads lose to one when another process holds a core.
   * `false` always uses `threads` for them, as `deterministic: true` does:
   * 1 and 2 threads sum in a different order, so which one wins changes the
   * last bits of a result with the load on the machine.
   */
  readonly adaptiveThreads?: boolean;
}
/** Below tfjs' own backends: tfjs never picks `native` unless asked. */
const PRIORITY = 0;

interface Registration {
  readonly addon: NativeAddon;
  readonly addonInfo: NativeAddonInfo;
  readonly kernels: KernelReport;
  readonly cpuVersion: string;
}

let registration: Registration | undefined;

/**
 * Threads when `activate()` is not told: 2 at most. More threads only pay
 * on large GEMMs and convolutions (small ops always run on one, see
 * native/common.h), and every extra OpenMP thread competes with whatever
 * else runs on the machine.
 */
export function defaultNativeThreads(cpus: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(2, cpus));
}

async function register(addon: NativeAddon): Promise<Registration> {
  // Imported here, not at the top: the package registers the cpu backend and
  // its kernels as a side effect, and importing this package must not.
  const cpu = await import('@tensorflow/tfjs-backend-cpu');
  // Every time, not once: after tf.removeBackend('native') activating registers it again.
  if (tf.findBackendFactory(NATIVE_BACKEND_NAME) === null) {
    const NativeBackend = nativeBackendClass(cpu.MathBackendCPU);
    tf.registerBackend(NATIVE_BACKEND_NAME, () => new NativeBackend(), PRIORITY);
  }
  registration ??= { addon, addonInfo: addon.info(), kernels: registerNativeKernels(addon), cpuVersion: cpu.version_cpu };
  return registration;
}

async function activateNative(options: NativeActivateOptions): Promise<BackendInfo> {
  const load = loadNativeAddon();
  if (!load.ok) throw new BackendUnavailableError(NATIVE_BACKEND_NAME, load.reason, load.install);
  const { addon, addonInfo, kernels, cpuVersion } = await register(load.addon);
  const threads = options.threads ?? defaultNativeThreads(addonInfo.cpus);
  const adaptive = options.adaptiveThreads ?? options.deterministic !== true;
  addon.setThreads(threads, adaptive);
  if (!(await tf.setBackend(NATIVE_BACKEND_NAME))) {
    throw new BackendUnavailableError(NATIVE_BACKEND_NAME, 'tf.setBackend("native") failed to initialise the backend');
  }
  // The cpu backend's first-use banner recommends tfjs-node; nnlab offers its own choices.
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend.firstUse === true) backend.firstUse = false;
  registerGradients();
  const notes = [
    `up to ${threads} thread${threads === 1 ? '' : 's'} per op (small ops run on one` +
      `${adaptive && threads > 1 ? `; each large GEMM/convolution shape times 1 against ${threads} threads and keeps the faster` : ''}` +
      `${!adaptive && threads > 1 ? `; large GEMMs/convolutions always use ${threads}, so a seed repeats bit for bit` : ''}); ` +
      `OpenMP wait policy ${openMpWaitPolicy()}`,
    'kernels not in kernels.replaced, and calls a native kernel does not cover (NCHW, int32, some broadcasts), run tfjs-backend-cpu JavaScript',
    'Conv2DBackpropInput runs only when its result is read: the input gradient of a network\'s first layer never is',
  ];
  if (options.simd === false) notes.push('simd: false is ignored: oneDNN picks its instruction set itself');
  if (threads > addonInfo.cpus) notes.push(`threads: ${threads} exceeds the ${addonInfo.cpus} processors here`);
  return {
    name: NATIVE_BACKEND_NAME,
    kind: 'native',
    tfjsBackend: tf.getBackend(),
    threads,
    simd: addonInfo.isa !== 'generic',
    versions: { 'tfjs-core': tf.version_core, 'tfjs-backend-cpu': cpuVersion, oneDNN: addonInfo.onednn, 'node-api': process.versions.napi ?? 'unknown' },
    device: `${os.cpus()[0]?.model.trim() ?? 'CPU'} (oneDNN ${addonInfo.isa}, ${addonInfo.runtime}, ${addonInfo.cpus} processors)`,
    kernels,
    notes,
  };
}

/**
 * nnlab's native backend for Node: tfjs' pure-JS cpu backend with its hot
 * kernels (GEMM, convolutions, pooling, elementwise math and sums) replaced
 * by a C++ addon on Intel oneDNN, the library PyTorch uses on CPUs, plus
 * nnlab's fused Adam/Adagrad update kernels. Tensor
 * data stays in JavaScript typed arrays; the addon reads and writes them in
 * place. Calls the native code does not cover fall back to the JS kernel.
 *
 * `probe()` checks that the addon was built and that `libdnnl` loads, and
 * says what to install otherwise. `activate()` options: `threads` (default
 * {@link defaultNativeThreads}, at most 2; ops below a size threshold always
 * run on one thread), `adaptiveThreads` (default true: large GEMM and
 * convolution shapes keep whichever of 1 or `threads` threads is faster
 * here), `timeoutMs` (default 30 s); `simd` is ignored (oneDNN picks its
 * ISA, reported in `device`). Activating again changes the threads.
 *
 * @example
 * import { nativeBackend } from '@nnlab/backend-native';
 * const probe = await nativeBackend.probe();
 * if (probe.available) console.log((await nativeBackend.activate({ threads: 2 })).device);
 * else console.log(probe.reason, '->', probe.install);
 */
export const nativeBackend = defineBackend<NativeActivateOptions>({
  name: NATIVE_BACKEND_NAME,
  kind: 'native',
  description: 'C++ addon on Intel oneDNN (GEMM, convolution, pooling, elementwise); Node only',
  environments: ['node'],
  probe(): ProbeResult {
    if (!isNode()) return { available: false, reason: 'needs Node.js: the native addon cannot run in a browser' };
    const load = loadNativeAddon();
    return load.ok ? { available: true } : { available: false, reason: load.reason, install: load.install };
  },
  validate(options) {
    if (options.adaptiveThreads !== undefined && typeof options.adaptiveThreads !== 'boolean') {
      throw new InvalidArgumentError(`options.adaptiveThreads must be true or false, got ${JSON.stringify(options.adaptiveThreads)}`);
    }
    if (options.deterministic === true && options.adaptiveThreads === true) {
      throw new InvalidArgumentError('options.adaptiveThreads: true picks threads by timing, so results vary with the load; it cannot go with deterministic: true');
    }
  },
  activate: activateNative,
});

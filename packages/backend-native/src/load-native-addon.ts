import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeAddon } from './native-addon.js';

/**
 * The compiled addon, relative to this file in both `src/` and `dist/`;
 * `NNLAB_NATIVE_ADDON` points elsewhere (the AddressSanitizer build the tests use).
 */
export const ADDON_PATH = process.env.NNLAB_NATIVE_ADDON ?? fileURLToPath(new URL('../build/Release/nnlab_native.node', import.meta.url));

/** The command that builds the addon once oneDNN and a compiler are installed. */
export const BUILD_COMMAND = 'npm rebuild @nnlab/backend-native (in the nnlab repo: pnpm --filter @nnlab/backend-native build:addon)';
const APT = 'apt-get install -y libdnnl-dev g++ make python3';

/** Either the loaded addon or why it cannot load and what to do about it. */
export type AddonLoad =
  | { readonly ok: true; readonly addon: NativeAddon }
  | { readonly ok: false; readonly reason: string; readonly install: string };

let cached: AddonLoad | undefined;

/**
 * OpenMP (Debian's oneDNN uses libgomp) reads its settings once, when the
 * library loads. Its default spins idle threads for a while after every
 * parallel region, which starves any other process on a small machine and
 * made two-thread calls 10-200x slower under load; passive waiting costs a
 * few microseconds per region instead. A value the user set wins.
 */
function configureOpenMp(): () => void {
  if (process.env.OMP_WAIT_POLICY !== undefined || process.env.GOMP_SPINCOUNT !== undefined) return () => {};
  process.env.OMP_WAIT_POLICY = 'passive';
  // libgomp has read it by the time the addon is loaded; child processes
  // (the bench's PyTorch peer, workers) keep the user's own environment.
  return () => {
    delete process.env.OMP_WAIT_POLICY;
  };
}

let waitPolicy = 'default';

/** The OpenMP wait policy the addon was loaded with (`passive` unless the user set one). */
export function openMpWaitPolicy(): string {
  return waitPolicy;
}

function explain(error: unknown): AddonLoad {
  const message = error instanceof Error ? error.message : String(error);
  if (/libdnnl/.test(message)) {
    return { ok: false, reason: `the oneDNN shared library is missing (${message.split('\n')[0]})`, install: 'apt-get install -y libdnnl2' };
  }
  if (/libgomp/.test(message)) {
    return { ok: false, reason: `the OpenMP runtime is missing (${message.split('\n')[0]})`, install: 'apt-get install -y libgomp1' };
  }
  return {
    ok: false,
    reason: `the native addon failed to load (${message.split('\n')[0]}); it may have been built for another Node version`,
    install: BUILD_COMMAND,
  };
}

/**
 * Loads `build/Release/nnlab_native.node` once per process and never throws:
 * a missing build, a missing `libdnnl.so.2` or an ABI mismatch comes back as
 * `{ ok: false, reason, install }`.
 */
export function loadNativeAddon(path: string = ADDON_PATH): AddonLoad {
  if (path === ADDON_PATH && cached !== undefined) return cached;
  let result: AddonLoad;
  if (!existsSync(path)) {
    result = {
      ok: false,
      reason: `the oneDNN addon is not built (${path} is missing): its install step needs oneDNN's headers and a C++ compiler`,
      install: `${APT}, then ${BUILD_COMMAND}`,
    };
  } else {
    const restore = configureOpenMp();
    const policy = process.env.OMP_WAIT_POLICY ?? (process.env.GOMP_SPINCOUNT === undefined ? 'default' : `GOMP_SPINCOUNT=${process.env.GOMP_SPINCOUNT}`);
    try {
      result = { ok: true, addon: createRequire(import.meta.url)(path) as NativeAddon };
      waitPolicy = policy;
    } catch (error) {
      result = explain(error);
    } finally {
      restore();
    }
  }
  if (path === ADDON_PATH) cached = result;
  return result;
}

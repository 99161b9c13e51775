import { isNode } from '@nnlab/core';

/** The adapter a page would compute on, as `GPUAdapterInfo` describes it (fields may be empty: browsers hide details). */
export interface WebgpuAdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software or otherwise limited adapter (SwiftShader in headless Chromium): correct but slow. */
  readonly isFallbackAdapter: boolean;
  /** Optional features the adapter offers, e.g. `shader-f16`, `timestamp-query`. */
  readonly features: readonly string[];
}

/** What WebGPU this page offers, as found by {@link detectWebgpu}. */
export interface WebgpuSupport {
  readonly available: boolean;
  readonly adapter?: WebgpuAdapterSummary;
  /** Why there is no WebGPU, when `available` is false. */
  readonly reason?: string;
}

/** The few WebGPU members used here (TypeScript's DOM lib has no WebGPU types; @webgpu/types would be a dependency for five fields). */
interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface AdapterLike {
  readonly features: Iterable<string>;
  readonly info?: AdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?(): Promise<AdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<AdapterLike | null>;
}

const DEFAULT_TIMEOUT_MS = 5_000;

function gpu(): GpuLike | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return (navigator as Navigator & { gpu?: GpuLike }).gpu;
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks the browser for a WebGPU adapter (the same `high-performance` request
 * tfjs makes) and describes it. Never throws and never hangs: a request that
 * takes longer than `timeoutMs` (default 5 s) is reported as unavailable. In
 * Node it answers "needs a browser".
 *
 * @example
 * const gpu = await detectWebgpu();
 * gpu.adapter?.architecture; // 'swiftshader' in headless Chromium with --enable-unsafe-webgpu
 */
export async function detectWebgpu(options: { timeoutMs?: number } = {}): Promise<WebgpuSupport> {
  if (isNode()) return { available: false, reason: 'needs a browser: WebGPU does not exist in Node' };
  const api = gpu();
  if (api === undefined) {
    const secure = typeof isSecureContext === 'boolean' ? isSecureContext : true;
    return {
      available: false,
      reason: secure
        ? 'this browser has no WebGPU (navigator.gpu is missing: Chrome/Edge 113+, Safari 26+ or Firefox 141+ have it)'
        : 'WebGPU needs a secure context: serve the page over https or from localhost',
    };
  }
  try {
    const adapter = await within(api.requestAdapter({ powerPreference: 'high-performance' }), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (adapter === 'timeout') return { available: false, reason: `no answer from navigator.gpu.requestAdapter() within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` };
    if (adapter === null) {
      return {
        available: false,
        reason: 'the browser offers no WebGPU adapter (GPU blocklisted or disabled; headless Chromium needs --enable-unsafe-webgpu)',
      };
    }
    const info = adapter.info ?? (typeof adapter.requestAdapterInfo === 'function' ? await adapter.requestAdapterInfo() : {});
    return {
      available: true,
      adapter: {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        device: info.device ?? '',
        description: info.description ?? '',
        isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
        features: [...adapter.features].sort(),
      },
    };
  } catch (error) {
    return { available: false, reason: `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

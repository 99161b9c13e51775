import { BackendUnavailableError, InvalidArgumentError } from '@nnlab/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectWebgpu } from './detect-webgpu.js';
import { summariseWebgpu } from './summarise-webgpu.js';
import { webgpuBackend } from './webgpu-backend.js';

// Real WebGPU (adapter, training, conformance) is tested by apps/demo's
// *.browser.test.ts in headless Chromium; these cover Node.
describe('webgpuBackend in Node', () => {
  it('probes as unavailable, saying it needs a browser and how to get one', async () => {
    const probe = await webgpuBackend.probe();
    expect(probe).toMatchObject({ available: false, reason: 'needs a browser: WebGPU does not exist in Node' });
    expect(probe.install).toMatch(/pnpm demo|bench --browser/);
  });

  it('refuses to activate with BackendUnavailableError', async () => {
    const error = await webgpuBackend.activate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/backend "webgpu" is not available: needs a browser/);
  });

  it('validates its options', async () => {
    await expect(webgpuBackend.activate({ timeoutMs: 0 })).rejects.toThrow(InvalidArgumentError);
  });

  it('describes itself as a browser-only gpu backend', () => {
    expect(webgpuBackend).toMatchObject({ name: 'webgpu', kind: 'gpu', environments: ['browser'] });
  });
});

describe('detectWebgpu with a stand-in navigator.gpu', () => {
  const realProcess = globalThis.process;
  afterEach(() => {
    vi.unstubAllGlobals();
    globalThis.process = realProcess;
  });

  /** Pretends to be a browser: no process.versions.node, and the given navigator. */
  function browserWith(navigator: unknown): void {
    vi.stubGlobal('process', { versions: {} });
    vi.stubGlobal('navigator', navigator);
  }

  it('describes the adapter, its features and a fallback adapter', async () => {
    const adapter = { features: new Set(['timestamp-query', 'shader-f16']), info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true } };
    browserWith({ gpu: { requestAdapter: async () => adapter } });
    const support = await detectWebgpu();
    expect(support).toEqual({
      available: true,
      adapter: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true, features: ['shader-f16', 'timestamp-query'] },
    });
    expect(summariseWebgpu(support)).toBe('WebGPU adapter google swiftshader (fallback adapter: software, correct but slow)');
  });

  it('explains a missing adapter and a missing navigator.gpu', async () => {
    browserWith({ gpu: { requestAdapter: async () => null } });
    expect((await detectWebgpu()).reason).toMatch(/no WebGPU adapter .*--enable-unsafe-webgpu/);
    browserWith({});
    expect((await detectWebgpu()).reason).toMatch(/navigator.gpu is missing/);
  });

  it('never hangs: a silent requestAdapter times out', async () => {
    browserWith({ gpu: { requestAdapter: () => new Promise(() => {}) } });
    expect(await detectWebgpu({ timeoutMs: 20 })).toEqual({ available: false, reason: 'no answer from navigator.gpu.requestAdapter() within 20 ms' });
  });

  it('reports a throwing requestAdapter instead of throwing', async () => {
    browserWith({ gpu: { requestAdapter: async () => { throw new Error('GPU process crashed'); } } });
    expect(await detectWebgpu()).toEqual({ available: false, reason: 'navigator.gpu.requestAdapter() failed: GPU process crashed' });
  });
});

import { BackendUnavailableError, InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { detectWebgl } from './detect-webgl.js';
import { summariseWebgl } from './summarise-webgl.js';
import { webglBackend } from './webgl-backend.js';

// The in-browser behaviour (real WebGL, training, conformance) is tested by
// apps/demo's *.browser.test.ts in headless Chromium; these cover Node.
describe('webglBackend in Node', () => {
  it('probes as unavailable, saying it needs a browser and how to get one', async () => {
    const probe = await webglBackend.probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/needs a browser/);
    expect(probe.install).toMatch(/pnpm demo|bench --browser/);
  });

  it('refuses to activate with BackendUnavailableError and leaves the active backend alone', async () => {
    const before = tf.getBackend();
    const error = await webglBackend.activate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).message).toMatch(/backend "webgl" is not available: needs a browser/);
    expect(tf.getBackend()).toBe(before);
  });

  it('validates its options before anything else', async () => {
    await expect(webglBackend.activate({ timeoutMs: -1 })).rejects.toThrow(InvalidArgumentError);
    await expect(webglBackend.activate({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
  });

  it('describes itself as a browser-only gpu backend', () => {
    expect(webglBackend).toMatchObject({ name: 'webgl', kind: 'gpu', environments: ['browser'] });
  });

  it('detects no WebGL in Node', () => {
    expect(detectWebgl()).toEqual({ version: 0, float32RenderTargets: false, reason: 'needs a browser: WebGL does not exist in Node' });
  });
});

describe('summariseWebgl', () => {
  it('names the version, float32 support and a software renderer', () => {
    expect(summariseWebgl({ version: 2, float32RenderTargets: true, renderer: 'ANGLE (Google, SwiftShader Device)' })).toBe(
      'WebGL 2, float32 render targets, ANGLE (Google, SwiftShader Device), software rendering: correct but slow',
    );
  });
  it('warns about the float16 fallback', () => {
    expect(summariseWebgl({ version: 1, float32RenderTargets: false })).toMatch(/^WebGL 1, no float32 render targets \(tfjs falls back to float16/);
  });
  it('passes the reason through when there is no WebGL', () => {
    expect(summariseWebgl({ version: 0, float32RenderTargets: false, reason: 'WebGL disabled' })).toBe('WebGL disabled');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoakReport } from '../soak-page.js';
import { browserSkipReason, type DemoBrowser, startDemoBrowser } from './browser-page.test-helper.js';

type SoakWindow = Window & { nnlabSoak: { run(backend: string, options: { steps: number; every: number }): Promise<SoakReport> } };

// The short browser soak (tools/browser-soak.mjs runs 2,000 steps; its figures are in docs/RELIABILITY.md):
// 60 steps of the soak MLP on webgl and 24 on webgpu in headless Chromium (SwiftShader's software GPU on
// two cores: few steps, webgpu's are the slower). The tensors and bytes tfjs holds must be exactly the
// same at every sample after the first, and on webgpu so must tfjs' GPU buffer pool (buffers in use,
// buffers kept for reuse, bytes allocated): a leaked or ever-growing GPU buffer shows there first.
describe.skipIf(browserSkipReason !== undefined)('soak page in headless Chromium', () => {
  let demo: DemoBrowser;
  beforeAll(async () => {
    demo = await startDemoBrowser();
  }, 180_000);
  afterAll(async () => demo?.close());

  for (const [backend, every] of [
    ['webgl', 20],
    ['webgpu', 8],
  ] as const) {
    it(`${backend}: tensors and bytes are flat after warm-up`, async () => {
      const page = await demo.open('soak.html');
      await page.waitForFunction(() => (window as unknown as SoakWindow).nnlabSoak !== undefined);
      const report = await page.evaluate(([b, e]) => (window as unknown as SoakWindow).nnlabSoak.run(b, { steps: 3 * e, every: e }), [backend, every] as const);
      await page.close();
      expect(report.unavailable).toBeUndefined();
      expect(report.error).toBeUndefined();
      expect(report.samples.map((s) => s.step)).toEqual([every, 2 * every, 3 * every]);
      const [, ...steady] = report.samples;
      expect(new Set(steady.map((s) => s.numTensors)).size).toBe(1);
      expect(new Set(steady.map((s) => s.numBytes)).size).toBe(1);
      expect(report.samples[0]?.numTensors).toBeGreaterThan(0);
      if (backend === 'webgpu') {
        expect(report.samples[0]?.gpuBuffersUsed).toBeGreaterThan(0);
        expect(new Set(steady.map((s) => `${s.gpuBuffersUsed}/${s.gpuBuffersFree}/${s.gpuBytesAllocated}`)).size).toBe(1);
      } else {
        expect(report.samples[0]?.gpuBuffersUsed).toBeUndefined();
      }
      expect(demo.errors).toEqual([]);
    }, 300_000);
  }
});

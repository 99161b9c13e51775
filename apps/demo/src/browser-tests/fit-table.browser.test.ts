import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FitTableReport } from '../fit-table-page.js';
import { type FitCaseResult, fitTableProblems, largestLossDifference } from '../fit-table/fit-cases.js';
import { browserSkipReason, type DemoBrowser, startDemoBrowser } from './browser-page.test-helper.js';

type FitTableWindow = Window & { nnlabFitTable: { run(backend: string): Promise<FitTableReport> } };

// The browser half of the fit table (fit-table.test.ts runs the same cases in Node): every browser backend.
describe.skipIf(browserSkipReason !== undefined)('fit table in headless Chromium', () => {
  let demo: DemoBrowser;
  let page: Page;
  const tables: Record<string, readonly FitCaseResult[]> = {};

  beforeAll(async () => {
    demo = await startDemoBrowser();
    page = await demo.open('fit-table.html');
  }, 180_000);
  afterAll(async () => demo?.close());

  for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu']) {
    it(`${backend}: finite losses, flat tensors, no leak, a stopped run continues to the same weights`, async () => {
      const report = await page.evaluate((name) => (window as unknown as FitTableWindow).nnlabFitTable.run(name), backend);
      // Only WebGPU may be missing (a browser without it); CI's Chromium has it (SwiftShader).
      if (report.unavailable !== undefined) {
        expect(backend).toBe('webgpu');
        return;
      }
      tables[backend] = report.results;
      expect(fitTableProblems(report.results)).toEqual([]);
      // The masked update's kernels, where the backend has them (webgpu takes the portable path).
      expect(report.maskKernels?.problems).toEqual([]);
      if (backend !== 'webgpu') expect(report.maskKernels?.kernels).toEqual(['NnlabAllFinite', 'NnlabSelectIf']);
    }, 180_000);
  }

  it('cpu and wasm give the same losses within 1e-6 with the same seed, in the page too', () => {
    expect(largestLossDifference(tables.cpu ?? [], tables.wasm ?? [])).toBeLessThanOrEqual(1e-6);
  });

  it('raised no page errors', () => {
    expect(demo.errors).toEqual([]);
  });
});

import { cpuBackend } from '@nnlab/backend-cpu';
import { wasmBackend } from '@nnlab/backend-wasm';
import type { BackendProvider } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { type FitCaseResult, fitTableProblems, largestLossDifference, runFitTable } from './fit-cases.js';
import { checkMaskKernels } from './mask-kernel-cases.js';

// The Node half of the fit table (the page fit-table.html runs the same cases in headless Chromium).
const backends: BackendProvider[] = [cpuBackend, wasmBackend];
const nativeBackend = await import('@nnlab/backend-native').then((m) => m.nativeBackend).catch(() => undefined);
const nativeReason = nativeBackend === undefined ? 'not installed' : (await nativeBackend.probe()).reason;
if (nativeBackend !== undefined && nativeReason === undefined) backends.push(nativeBackend);
else console.warn(`fit table: native backend skipped: ${nativeReason}`);

describe('fit table in Node', () => {
  const tables: Record<string, FitCaseResult[]> = {};
  for (const backend of backends) {
    it(`${backend.name}: finite losses, flat tensors, no leak, a stopped run continues to the same weights`, async () => {
      await backend.activate();
      tables[backend.name] = await runFitTable();
      expect(fitTableProblems(tables[backend.name] as FitCaseResult[])).toEqual([]);
      expect(await checkMaskKernels()).toEqual({ kernels: ['NnlabAllFinite', 'NnlabSelectIf'], problems: [] });
    }, 120_000);
  }

  it('cpu and wasm give the same losses within 1e-6 with the same seed', () => {
    expect(largestLossDifference(tables.cpu as FitCaseResult[], tables.wasm as FitCaseResult[])).toBeLessThanOrEqual(1e-6);
  });
});

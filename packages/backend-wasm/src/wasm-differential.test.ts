import '@tensorflow/tfjs-backend-cpu';
import { differentialCases, runDifferentialCases } from '@nnlab/testing/differential';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installHeapGuard } from './wasm-heap-guard.test-helper.js';
import { wasmBackend } from './wasm-backend.js';

/** Cases per run: every kind about 25 times (see DIFFERENTIAL_KINDS). */
const CASES = 330;

// nnlab's wasm against tfjs-backend-cpu on seeded random shapes, with canaries around every heap
// block tfjs allocates (kernel outputs included) checked after each case.
describe('wasm against tfjs-backend-cpu on random shapes, under a heap guard', () => {
  it(`agrees on ${CASES} cases and writes no byte outside its outputs`, async () => {
    await wasmBackend.activate();
    const module = (tf.backend() as unknown as { wasm: Parameters<typeof installHeapGuard>[0] }).wasm;
    const guard = installHeapGuard(module);
    try {
      const failures = await runDifferentialCases(differentialCases(CASES, Number(process.env.NNLAB_DIFFERENTIAL_SEED ?? 25)), 'wasm', 'cpu', () => guard.check());
      expect(failures).toEqual([]);
      expect(guard.allocations).toBeGreaterThan(CASES);
    } finally {
      guard.uninstall();
    }
  }, 300_000);

  it('the guard catches a write one float past an output', async () => {
    await wasmBackend.activate();
    const backend = tf.backend() as unknown as { wasm: Parameters<typeof installHeapGuard>[0]; dataIdMap: { get(id: object): { memoryOffset: number } } };
    const guard = installHeapGuard(backend.wasm);
    try {
      const t = tf.zeros([3]);
      const offset = backend.dataIdMap.get(t.dataId).memoryOffset;
      backend.wasm.HEAPU8[offset + 12] = 1;
      expect(() => guard.check()).toThrow(/after a 12-byte block .*byte \+0 past its end/);
      backend.wasm.HEAPU8[offset + 12] = 0xa5 ^ ((offset + 12) & 0xff);
      guard.check();
      t.dispose();
    } finally {
      guard.uninstall();
    }
  });
});

import { fileURLToPath } from 'node:url';
import { describeSuiteResult, runTfjsCoreSuite, specsLostAgainst } from '@nnlab/testing/tfjs-suite';
import { describe, expect, it } from 'vitest';

const helper = fileURLToPath(new URL('./tfjs-core-suite.test-helper.ts', import.meta.url));
const stockHelper = fileURLToPath(new URL('./tfjs-core-suite-stock.test-helper.ts', import.meta.url));
const exclusions = fileURLToPath(new URL('../tfjs-core-exclusions.txt', import.meta.url));

// tfjs-core 4.22.0's own specs, whole, each run in its own process (see @nnlab/testing's runTfjsCoreSuite).
describe('tfjs-core spec suite on nnlab\'s wasm backend', () => {
  it('passes every spec but its documented exclusions, and every spec stock tfjs-backend-wasm passes', async () => {
    const [wasm, stock] = await Promise.all([
      runTfjsCoreSuite({ backendModule: helper, exclusionsFile: exclusions }),
      runTfjsCoreSuite({ backendModule: stockHelper }),
    ]);
    console.log(`tfjs-core suite: ${describeSuiteResult(wasm)}\ntfjs-core suite (stock tfjs-backend-wasm, for comparison): ${describeSuiteResult(stock, 0)}`);
    expect(wasm.failures, describeSuiteResult(wasm)).toEqual([]);
    expect(wasm.unusedExclusions).toEqual([]);
    expect(wasm.passed).toBeGreaterThan(3900);
    // Stock fails specs of its own (wrong answers nnlab's wasm fixes); it must pass none that nnlab's wasm does not.
    expect(specsLostAgainst(wasm, stock)).toEqual([]);
    expect(wasm.passed).toBeGreaterThan(stock.passed);
  }, 600_000);
});

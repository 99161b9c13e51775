import { fileURLToPath } from 'node:url';
import { describeSuiteResult, runTfjsCoreSuite, specsLostAgainst, STOCK_CPU_SUITE_BACKEND } from '@nnlab/testing/tfjs-suite';
import { expect, it } from 'vitest';
import { describeNative } from './native-available.test-helper.js';

const helper = fileURLToPath(new URL('./tfjs-core-suite.test-helper.ts', import.meta.url));
const exclusions = fileURLToPath(new URL('../tfjs-core-exclusions.txt', import.meta.url));

// tfjs-core 4.22.0's own specs, whole, each run in its own process (see @nnlab/testing's runTfjsCoreSuite).
describeNative('tfjs-core spec suite on the native backend', () => {
  it('passes every spec but its documented exclusions, and every spec tfjs-backend-cpu passes', async () => {
    const [native, cpu] = await Promise.all([
      runTfjsCoreSuite({ backendModule: helper, exclusionsFile: exclusions }),
      runTfjsCoreSuite({ backendModule: STOCK_CPU_SUITE_BACKEND }),
    ]);
    console.log(`tfjs-core suite: ${describeSuiteResult(native)}\ntfjs-core suite: ${describeSuiteResult(cpu)}`);
    expect(native.failures, describeSuiteResult(native)).toEqual([]);
    expect(native.unusedExclusions).toEqual([]);
    expect(cpu.failed, describeSuiteResult(cpu)).toBe(0);
    expect(native.passed).toBeGreaterThan(4000);
    expect(specsLostAgainst(native, cpu)).toEqual([]);
  }, 600_000);
});

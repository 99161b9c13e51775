import { fileURLToPath } from 'node:url';
import { chromiumPath, describeSuiteResult, readSuiteOps, runTfjsCoreSuiteInChromium, SUITE_OPS_FILE } from '@nnlab/testing/tfjs-suite';
import { describe, expect, it } from 'vitest';

const helper = fileURLToPath(new URL('./tfjs-core-suite.test-helper.ts', import.meta.url));
const exclusions = fileURLToPath(new URL('../tfjs-core-exclusions.txt', import.meta.url));

// tfjs-core 4.22.0's specs for the ops nnlab trains with, in headless Chromium (CI installs it).
describe.skipIf(chromiumPath() === undefined)('tfjs-core spec suite on the webgl backend in Chromium', () => {
  it('passes every spec of the ops nnlab uses but its documented exclusions', async () => {
    const result = await runTfjsCoreSuiteInChromium({ backendModule: helper, exclusionsFile: exclusions, ops: await readSuiteOps(SUITE_OPS_FILE) });
    console.log(`tfjs-core suite: ${describeSuiteResult(result)}`);
    expect(result.failures, describeSuiteResult(result)).toEqual([]);
    expect(result.unusedExclusions).toEqual([]);
    expect(result.passed).toBeGreaterThan(500);
  }, 600_000);
});

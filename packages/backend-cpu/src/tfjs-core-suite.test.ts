import { fileURLToPath } from 'node:url';
import { describeSuiteResult, runTfjsCoreSuite } from '@nnlab/testing/tfjs-suite';
import { describe, expect, it } from 'vitest';

const helper = fileURLToPath(new URL('./tfjs-core-suite.test-helper.ts', import.meta.url));
const exclusions = fileURLToPath(new URL('../tfjs-core-exclusions.txt', import.meta.url));

// tfjs-core 4.22.0's own specs, whole, in their own process (see @nnlab/testing's runTfjsCoreSuite).
describe('tfjs-core spec suite on nnlab\'s cpu backend', () => {
  it('passes every spec but its documented exclusions', async () => {
    const cpu = await runTfjsCoreSuite({ backendModule: helper, exclusionsFile: exclusions });
    console.log(`tfjs-core suite: ${describeSuiteResult(cpu)}`);
    expect(cpu.failures, describeSuiteResult(cpu)).toEqual([]);
    expect(cpu.unusedExclusions).toEqual([]);
    expect(cpu.passed).toBeGreaterThan(4000);
  }, 600_000);
});

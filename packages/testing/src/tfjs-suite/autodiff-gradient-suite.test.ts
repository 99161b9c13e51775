import { gradientKernelNames } from '@nnlab/autodiff';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeSuiteResult, runTfjsCoreSuite } from './run-tfjs-suite.js';
import { AUTODIFF_SUITE_BACKEND } from './stock-suite-backends.js';

const exclusions = fileURLToPath(new URL('../../../autodiff/tfjs-core-gradient-exclusions.txt', import.meta.url));

// tfjs-core 4.22.0's gradient specs with only @nnlab/autodiff's gradients registered (tfjs-backend-cpu
// computes), so they test autodiff. Lives here, not in autodiff: autodiff cannot depend on this package.
describe('tfjs-core gradient specs with only @nnlab/autodiff\'s gradients', () => {
  it('pass, but for kernels autodiff has no gradient for and its documented exclusions', async () => {
    const result = await runTfjsCoreSuite({ backendModule: AUTODIFF_SUITE_BACKEND, exclusionsFile: exclusions, mode: 'gradients' });
    const missing = Object.entries(result.missingGradient).map(([kernel, specs]) => `${kernel} (${specs})`).join(', ');
    console.log(`tfjs-core suite: autodiff ${describeSuiteResult(result)}; no autodiff gradient: ${missing}`);
    expect(result.failures, describeSuiteResult(result)).toEqual([]);
    expect(result.unusedExclusions).toEqual([]);
    expect(result.passed).toBeGreaterThan(350);
    // A spec counted as "missing gradient" must really be about a kernel autodiff does not cover.
    expect(Object.keys(result.missingGradient).filter((kernel) => gradientKernelNames.includes(kernel))).toEqual([]);
  }, 600_000);
});

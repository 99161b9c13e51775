import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specsLostAgainst } from './compare-suite-results.js';
import { chromiumPath, readSuiteOps, runTfjsCoreSuiteInChromium } from './run-tfjs-suite-in-chromium.js';
import { describeSuiteResult, runTfjsCoreSuite } from './run-tfjs-suite.js';
import { SUITE_OPS_FILE } from './stock-suite-backends.js';
import type { SuiteResult } from './suite-types.js';

/** A stock backend the suite also runs, which the backend under test must never lose a spec to. */
export interface SuiteReference {
  /** Module exporting `activateForSuite()` for the stock backend (a path or `new URL(..., import.meta.url)`). */
  readonly backendModule: string | URL;
  /** The reference must itself fail no spec (stock tfjs-backend-cpu). */
  readonly passesAll?: boolean;
  /** The backend under test must pass more specs than the reference (it fixes stock's wrong answers). */
  readonly passesFewer?: boolean;
}

/** Options for {@link describeTfjsCoreSuite}. */
export interface DescribeTfjsCoreSuiteOptions {
  /** The backend's name, for the test title. */
  readonly backend: string;
  /** Module exporting `activateForSuite()` (a `*.test-helper.ts` beside the test). */
  readonly helper: string | URL;
  /** The backend's `tfjs-core-exclusions.txt`. */
  readonly exclusions: string | URL;
  /** Run in headless Chromium on the ops nnlab trains with (skipped where no Chromium is found); default: the whole suite in Node. */
  readonly browser?: boolean;
  /** The run must pass more specs than this. */
  readonly minPassed?: number;
  readonly reference?: SuiteReference;
  /** Why the suite cannot run here (the backend is not installed): the test is skipped and the title says why. */
  readonly skip?: string;
}

function path(location: string | URL): string {
  return location instanceof URL ? fileURLToPath(location) : location;
}

/**
 * Declares a vitest test that runs tfjs-core 4.22.0's own specs on a backend
 * (see {@link runTfjsCoreSuite} and {@link runTfjsCoreSuiteInChromium}) and
 * expects no failure but the documented exclusions, no stale exclusion, and
 * the given pass counts and reference comparison.
 *
 * @example
 * describeTfjsCoreSuite({
 *   backend: 'cpu',
 *   helper: new URL('./tfjs-core-suite.test-helper.ts', import.meta.url),
 *   exclusions: new URL('../tfjs-core-exclusions.txt', import.meta.url),
 *   minPassed: 4000,
 * });
 */
export function describeTfjsCoreSuite(options: DescribeTfjsCoreSuiteOptions): void {
  const where = options.browser === true ? ' in Chromium' : '';
  const skip = options.skip ?? (options.browser === true && chromiumPath() === undefined ? 'no Chromium found' : undefined);
  const title = `tfjs-core spec suite on the ${options.backend} backend${where}${skip === undefined ? '' : ` (skipped: ${skip})`}`;
  describe.skipIf(skip !== undefined)(title, () => {
    it('passes every spec but its documented exclusions', async () => {
      const backendModule = path(options.helper);
      const exclusionsFile = path(options.exclusions);
      const reference = options.reference;
      const [result, stock] = await Promise.all([
        options.browser === true
          ? runTfjsCoreSuiteInChromium({ backendModule, exclusionsFile, ops: await readSuiteOps(SUITE_OPS_FILE) })
          : runTfjsCoreSuite({ backendModule, exclusionsFile }),
        reference === undefined ? Promise.resolve<SuiteResult | undefined>(undefined) : runTfjsCoreSuite({ backendModule: path(reference.backendModule) }),
      ]);
      console.log(`tfjs-core suite: ${describeSuiteResult(result)}`);
      if (stock !== undefined) console.log(`tfjs-core suite (reference, for comparison): ${describeSuiteResult(stock, reference?.passesAll === true ? 30 : 0)}`);
      expect(result.failures, describeSuiteResult(result)).toEqual([]);
      expect(result.unusedExclusions).toEqual([]);
      if (options.minPassed !== undefined) expect(result.passed).toBeGreaterThan(options.minPassed);
      if (stock !== undefined) {
        if (reference?.passesAll === true) expect(stock.failed, describeSuiteResult(stock)).toBe(0);
        expect(specsLostAgainst(result, stock)).toEqual([]);
        if (reference?.passesFewer === true) expect(result.passed).toBeGreaterThan(stock.passed);
      }
    }, 600_000);
  });
}

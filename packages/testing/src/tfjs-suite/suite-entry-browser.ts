/**
 * The page script esbuild bundles with tfjs-core's specs and one browser
 * backend (see run-suite-specs.ts and run-tfjs-suite-in-chromium.ts): reads
 * its config from `globalThis.__nnlabSuiteConfig` and leaves the
 * {@link SuiteResult} (or the error) on `globalThis.__nnlabSuiteResult`.
 */
import { runSuiteSpecs } from './run-suite-specs.js';
import type { SuiteConfig, SuiteResult } from './suite-types.js';

const page = globalThis as unknown as { __nnlabSuiteConfig: SuiteConfig; __nnlabSuiteResult?: SuiteResult | { error: string } };

runSuiteSpecs(page.__nnlabSuiteConfig).then(
  (result) => {
    page.__nnlabSuiteResult = result;
  },
  (error: unknown) => {
    page.__nnlabSuiteResult = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  },
);

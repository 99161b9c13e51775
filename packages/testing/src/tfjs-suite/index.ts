// Node only (esbuild, child processes, Playwright): a subpath of its own, so pages that import
// @nnlab/testing (the demo's conformance page) never bundle it.
export { describeSuiteResult, runTfjsCoreSuite, type TfjsSuiteOptions } from './run-tfjs-suite.js';
export { neutralSpecName, specsLostAgainst } from './compare-suite-results.js';
export { STOCK_CPU_SUITE_BACKEND, SUITE_OPS_FILE } from './stock-suite-backends.js';
export { chromiumPath, readSuiteOps, runTfjsCoreSuiteInChromium, type ChromiumSuiteOptions } from './run-tfjs-suite-in-chromium.js';
export { readExclusions } from './read-exclusions.js';
export type { SuiteExclusion, SuiteFailure, SuiteResult } from './suite-types.js';
export { bundleNodeProgram } from './build-tfjs-suite.js';
export { type DescribeTfjsCoreSuiteOptions, describeTfjsCoreSuite, type SuiteReference } from './describe-tfjs-core-suite.js';

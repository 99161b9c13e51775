/**
 * `@nnlab/bench/node`: the benches that drive headless Chromium through
 * `@nnlab/browser-harness` (playwright-core and the system's Chromium), kept
 * out of the main entry, which the demo's bench page bundles.
 *
 * @packageDocumentation
 */
export { addBrowserRows, BROWSER_BENCH_BACKENDS, browserBench, type BrowserBenchOptions, type BrowserBenchResult, type BrowserBenchSummary } from './browser-bench.js';
export { browserRecipeTrainer, type BrowserRecipeTrainerOptions } from './browser-recipe-trainer.js';
export { toAccuracyContenders, type ToAccuracyContendersOptions } from './to-accuracy-contenders.js';

import type { BackendProvider } from '@nnlab/core';
import type { AccuracyContender } from './accuracy-contender.js';
import { browserRecipeTrainer, type BrowserRecipeTrainerOptions } from './browser-recipe-trainer.js';
import { fitContender } from './fit-contender.js';
import { remoteFitContender } from './remote-fit-contender.js';

/** Options of {@link toAccuracyContenders}. */
export interface ToAccuracyContendersOptions {
  /** `fit` in this process on each of these (see `planToAccuracyBackends`). */
  readonly node: readonly BackendProvider[];
  /** `fit` in headless Chromium on each of these backend names (needs `page`). */
  readonly browser?: readonly string[];
  /** How to reach the bench page: its `site` and log (see `browserRecipeTrainer`). */
  readonly page?: Omit<BrowserRecipeTrainerOptions, 'threads'>;
  /** Threads for the backends that take them, in Node and in the page. */
  readonly threads?: number;
  /** Peers appended after nnlab's rows (see `choosePeers`). */
  readonly peers?: readonly AccuracyContender[];
}

/**
 * The contenders of `runToAccuracy` in row order: nnlab's `fit` on each Node
 * backend, then in headless Chromium on each browser backend (one page for
 * all of them), then the peers.
 *
 * @example
 * const { node, browser } = planToAccuracyBackends(knownBackends(), { browser: true });
 * const contenders = toAccuracyContenders({ node, browser, page: { site: () => ensureDemoBuild({ demoDir: 'apps/demo' }) } });
 */
export function toAccuracyContenders(options: ToAccuracyContendersOptions): AccuracyContender[] {
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  const browser = options.browser ?? [];
  if (browser.length > 0 && options.page === undefined) throw new Error('toAccuracyContenders: browser backends need `page` (where the bench page is)');
  const trainer = browser.length === 0 || options.page === undefined ? undefined : browserRecipeTrainer({ ...options.page, ...threads });
  return [
    ...options.node.map((b) => fitContender(b, options.threads === undefined ? undefined : threads)),
    ...(trainer === undefined ? [] : browser.map((name) => remoteFitContender(name, trainer))),
    ...(options.peers ?? []),
  ];
}

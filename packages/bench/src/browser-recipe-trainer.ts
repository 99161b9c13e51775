import { findChromium, launchChromium, type LaunchedChromium, serveStatic, type StaticServer } from '@nnlab/browser-harness';
import type { Page } from 'playwright-core';
import type { AccuracyPoint, AccuracyRun } from './accuracy-contender.js';
import { RECIPE_DATA_PARTS, type RecipeDataLayout, recipeDataParts } from './recipe-data-transfer.js';
import type { RemoteBackendCheck, RemoteTrainer } from './remote-fit-contender.js';

/** Options of {@link browserRecipeTrainer}. */
export interface BrowserRecipeTrainerOptions {
  /** The built demo site (a folder with `bench.html`), built on demand (as `browserBench`'s `site`); a rejection becomes every check's reason. */
  readonly site: (log: (line: string) => void) => Promise<string>;
  /** Lines about building the page and starting Chromium. */
  readonly log?: (line: string) => void;
  /** Wall-clock seconds a run may take beyond its cap (its last evaluation, activation) before it is abandoned (default 600). */
  readonly graceSeconds?: number;
  /** wasm threads in the page, as the Node rows get them. */
  readonly threads?: number;
}

/** The page's side of the protocol: apps/demo/src/bench-page.ts. */
interface BenchWindow {
  nnlabBench: {
    checkRecipeBackend(backend: string, threads?: number): Promise<RemoteBackendCheck>;
    trainRecipe(request: {
      backend: string;
      recipe: string;
      seed: number;
      maxSeconds: number;
      dataUrl: string;
      layout: RecipeDataLayout;
      threads?: number;
    }): Promise<AccuracyRun>;
  };
}

interface Session {
  readonly server: StaticServer;
  readonly browser: LaunchedChromium;
  readonly page: Page;
  readonly url: string;
}

const firstLine = (error: unknown): string => ((error as Error).message ?? String(error)).split('\n')[0] ?? 'failed';

/**
 * Trains time-to-accuracy recipes with nnlab's `fit` in headless Chromium:
 * on the first check it gets the demo's bench page from `options.site`, serves it
 * on 127.0.0.1 with the cross-origin isolation headers, and opens it in
 * Chromium through playwright-core. Each run serves the Node side's own
 * recipe data (the same bytes, split and preprocessing as the Node rows)
 * from memory for the page to fetch, and relays the page's evaluations to
 * `options.onEvaluation` as they happen. Without a Chromium, or when the
 * page cannot be built, every backend's check says why (and how to install
 * Chromium) instead of throwing. Wrap it with `remoteFitContender`.
 *
 * @example
 * const trainer = browserRecipeTrainer({ site: () => ensureDemoBuild({ demoDir: 'apps/demo' }) });
 * const contenders = ['webgl', 'wasm'].map((b) => remoteFitContender(b, trainer));
 */
export function browserRecipeTrainer(options: BrowserRecipeTrainerOptions): RemoteTrainer {
  const log = options.log ?? (() => {});
  let session: Promise<Session | string> | undefined;
  let closing: Promise<void> | undefined;
  let served: Map<string, Uint8Array> | undefined;
  let listener: ((point: AccuracyPoint) => void) | undefined;
  let runs = 0;

  const open = async (): Promise<Session | string> => {
    const chromium = findChromium();
    if (chromium.path === undefined) return `no headless Chromium: ${chromium.reason}`;
    let dist: string;
    try {
      dist = await options.site(log);
    } catch (error) {
      return `the bench page could not be built: ${firstLine(error)}`;
    }
    const server = await serveStatic(dist, { memoryFiles: (path) => served?.get(path) });
    let browser: LaunchedChromium | undefined;
    try {
      log(`starting headless Chromium (${chromium.path}) for the browser rows...`);
      browser = await launchChromium(chromium.path);
      const page = await browser.context.newPage();
      // Training runs are bounded by the run's own timer below, not by Playwright's default 30 s.
      page.setDefaultTimeout(120_000);
      await page.exposeFunction('nnlabOnEvaluation', (point: AccuracyPoint) => listener?.(point));
      const url = `${server.url}bench.html`;
      await page.goto(url);
      await page.waitForFunction(() => 'nnlabBench' in window);
      return { server, browser, page, url };
    } catch (error) {
      await browser?.close();
      await server.close();
      return `headless Chromium failed: ${firstLine(error)}`;
    }
  };

  return {
    environment: 'browser',
    async check(backend) {
      const opened = await (session ??= open());
      if (typeof opened === 'string') return { reason: opened };
      return opened.page.evaluate(([name, threads]) => (window as unknown as BenchWindow).nnlabBench.checkRecipeBackend(name, threads ?? undefined), [backend, options.threads ?? null] as const);
    },
    async train(backend, recipe, data, trainOptions) {
      const opened = await (session ??= open());
      if (typeof opened === 'string') throw new Error(opened);
      runs += 1;
      const prefix = `/recipe-data/${runs}/`;
      const { layout, parts } = recipeDataParts(data);
      served = new Map(RECIPE_DATA_PARTS.map((part) => [`${prefix}${part}`, parts[part]]));
      listener = trainOptions.onEvaluation;
      const limit = trainOptions.maxSeconds + (options.graceSeconds ?? 600);
      let timer: NodeJS.Timeout | undefined;
      try {
        const request = {
          backend,
          recipe: recipe.name,
          seed: trainOptions.seed,
          maxSeconds: trainOptions.maxSeconds,
          dataUrl: prefix,
          layout,
          ...(options.threads === undefined ? {} : { threads: options.threads }),
        };
        const run = opened.page.evaluate((r) => (window as unknown as BenchWindow).nnlabBench.trainRecipe(r), request);
        const overdue = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the page's ${backend} run did not finish within ${limit} s`)), limit * 1000);
        });
        try {
          return await Promise.race([run, overdue]);
        } catch (error) {
          // A run still going (or a crashed page) would hold the next one: start the next from a fresh page.
          run.catch(() => {});
          await opened.page.goto(opened.url).catch(() => {});
          await opened.page.waitForFunction(() => 'nnlabBench' in window).catch(() => {});
          throw error;
        }
      } finally {
        clearTimeout(timer);
        served = undefined;
        listener = undefined;
      }
    },
    dispose() {
      closing ??= (async () => {
        const opened = await session;
        if (opened === undefined || typeof opened === 'string') return;
        await opened.browser.close();
        await opened.server.close();
      })();
      return closing;
    },
  };
}

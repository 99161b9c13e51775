import { findChromium, launchChromium, serveStatic } from '@nnlab/browser-harness';
import type { BenchReport, BenchRow } from './run-bench.js';

/** The backends the bench page has, in the order it runs them. */
export const BROWSER_BENCH_BACKENDS = ['webgl', 'webgpu', 'wasm', 'cpu'] as const;

/** Options of {@link browserBench}: the bench settings that apply in the page. */
export interface BrowserBenchOptions {
  /**
   * The built demo site (a folder with `bench.html`), built on demand: for
   * example `@nnlab/browser-harness`' `ensureDemoBuild({ demoDir })`. A
   * rejection becomes the result's `skipped` reason.
   */
  readonly site: (log: (line: string) => void) => Promise<string>;
  /** Browser backends to run (default all of {@link BROWSER_BENCH_BACKENDS}). */
  readonly backends?: readonly string[];
  readonly workloads?: readonly string[];
  readonly quick?: boolean;
  readonly budgetSeconds?: number;
  readonly repeats?: number;
  /** Progress lines ("starting headless Chromium..."); `site` gets it too. */
  readonly log?: (line: string) => void;
  /** Give up on the page after this long (default 15 minutes). */
  readonly timeoutMs?: number;
}

/** Rows measured in headless Chromium, or why there are none. */
export type BrowserBenchResult =
  | {
      readonly rows: readonly BenchRow[];
      /** The page's own report (machine: the browser's view of it). */
      readonly report: BenchReport;
      readonly browser: { readonly executable: string; readonly userAgent: string; readonly crossOriginIsolated: boolean };
    }
  | { readonly rows?: undefined; readonly skipped: string };

interface PageResult {
  readonly report: BenchReport;
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
}

/**
 * The speed bench in headless Chromium (`nnlab bench --browser`): gets the demo's bench page from `options.site`, serves
 * it on 127.0.0.1 at a free port with the cross-origin isolation headers,
 * starts headless Chromium through playwright-core, and runs the bench
 * harness in the page on webgl, webgpu, wasm and cpu. The page's rows are
 * marked `environment: 'browser'`. Never throws for a missing Chromium or
 * page: it returns `skipped` with the reason (and how to install Chromium).
 *
 * @example
 * const site = () => ensureDemoBuild({ demoDir: 'apps/demo' });
 * const result = await browserBench({ site, workloads: ['mlp'], quick: true });
 * if (result.rows === undefined) console.error(result.skipped);
 */
export async function browserBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const log = options.log ?? (() => {});
  const chromium = findChromium();
  if (chromium.path === undefined) return { skipped: `browser rows skipped: ${chromium.reason}` };
  const unknown = (options.backends ?? []).filter((name) => !(BROWSER_BENCH_BACKENDS as readonly string[]).includes(name));
  if (unknown.length > 0) return { skipped: `browser rows skipped: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a browser backend (${BROWSER_BENCH_BACKENDS.join(', ')})` };
  let dist: string;
  try {
    dist = await options.site(log);
  } catch (error) {
    return { skipped: `browser rows skipped: ${(error as Error).message}` };
  }
  const server = await serveStatic(dist);
  try {
    log(`starting headless Chromium (${chromium.path})...`);
    const browser = await launchChromium(chromium.path);
    try {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(options.timeoutMs ?? 15 * 60_000);
      await page.goto(`${server.url}bench.html`);
      await page.waitForFunction(() => 'nnlabBench' in window);
      const settings = {
        backends: options.backends ?? [...BROWSER_BENCH_BACKENDS],
        ...(options.workloads === undefined ? {} : { workloads: options.workloads }),
        quick: options.quick ?? false,
        ...(options.budgetSeconds === undefined ? {} : { budgetSeconds: options.budgetSeconds }),
        ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
      };
      log(`running ${settings.backends.join(', ')} in the page...`);
      const result = await page.evaluate(
        (s) => (window as unknown as { nnlabBench: { run(o: typeof s): Promise<PageResult> } }).nnlabBench.run(s),
        settings,
      );
      return {
        rows: result.report.results,
        report: result.report,
        browser: { executable: chromium.path, userAgent: result.userAgent, crossOriginIsolated: result.crossOriginIsolated },
      };
    } finally {
      await browser.close();
    }
  } catch (error) {
    return { skipped: `browser rows failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    await server.close();
  }
}

/** What a bench report says about its browser part: the browser used, or why it was skipped. */
export type BrowserBenchSummary =
  | { readonly executable: string; readonly userAgent: string; readonly crossOriginIsolated: boolean; readonly machine: BenchReport['machine'] }
  | { readonly skipped: string };

/**
 * Runs {@link browserBench} and appends its rows to a Node `report` (same
 * table, same JSON). `requested` is the backends asked for: only its
 * browser backends run in the page (all four when absent or empty).
 *
 * @example
 * const { report, browser } = await addBrowserRows(nodeReport, { site, workloads: ['mlp'], quick: true });
 */
export async function addBrowserRows(
  report: BenchReport,
  options: Omit<BrowserBenchOptions, 'backends'> & { readonly requested?: readonly string[] },
): Promise<{ readonly report: BenchReport; readonly browser: BrowserBenchSummary }> {
  const { requested, ...rest } = options;
  const backends = requested === undefined || requested.length === 0 ? undefined : requested.filter((name) => (BROWSER_BENCH_BACKENDS as readonly string[]).includes(name));
  if (backends !== undefined && backends.length === 0) {
    return { report, browser: { skipped: `browser rows skipped: the requested backends name no browser backend (${BROWSER_BENCH_BACKENDS.join(', ')})` } };
  }
  const result = await browserBench({ ...rest, ...(backends === undefined ? {} : { backends }) });
  if (result.rows === undefined) return { report, browser: { skipped: result.skipped } };
  return {
    report: { ...report, seconds: report.seconds + result.report.seconds, results: [...report.results, ...result.rows] },
    browser: { ...result.browser, machine: result.report.machine },
  };
}

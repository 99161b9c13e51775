import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, launchChromium, serveStatic, type StaticServer } from '@nnlab/browser-harness';
import { buildTfjsSuite } from './build-tfjs-suite.js';
import { readExclusions } from './read-exclusions.js';
import type { SuiteConfig, SuiteResult } from './suite-types.js';

/** What to run in the page: a browser backend module, the op list, its exclusion list. */
export interface ChromiumSuiteOptions {
  /** Absolute path of a module exporting `activateForSuite()` (e.g. activating nnlab's webgl backend). */
  readonly backendModule: string;
  /** tfjs describe names to run (mode `ops`), e.g. read with {@link readSuiteOps}. */
  readonly ops: readonly string[];
  readonly exclusionsFile?: string;
  /** The Chromium binary (default `NNLAB_CHROMIUM` or /usr/bin/chromium). */
  readonly executablePath?: string;
  /** Give up after this long (default 8 minutes). */
  readonly timeoutMs?: number;
}

/** The Chromium to use (`NNLAB_CHROMIUM`, Debian's or Chrome's usual paths), or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  return findChromium().path;
}

/** Reads an op list: one tfjs describe name per line, `#` starts a comment. */
export async function readSuiteOps(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Runs tfjs-core 4.22.0's specs for `ops` against a browser backend in
 * headless Chromium (a fresh profile, a page on http://127.0.0.1) and returns
 * the counts. Rejects with the page's error when the backend cannot start.
 */
export async function runTfjsCoreSuiteInChromium(options: ChromiumSuiteOptions): Promise<SuiteResult> {
  const found = options.executablePath === undefined ? findChromium() : { path: options.executablePath };
  if (found.path === undefined) throw new Error(found.reason);
  const executablePath = found.path;
  const dir = await mkdtemp(join(tmpdir(), 'nnlab-tfjs-suite-browser-'));
  const site = join(dir, 'site');
  let server: StaticServer | undefined;
  try {
    await mkdir(site);
    const bundle = join(site, 'suite.js');
    await buildTfjsSuite(options.backendModule, bundle, 'browser');
    const config: SuiteConfig = {
      mode: 'ops',
      ops: options.ops,
      exclusions: options.exclusionsFile === undefined ? [] : readExclusions(options.exclusionsFile),
    };
    const html = `<!doctype html><meta charset="utf-8"><script>globalThis.__nnlabSuiteConfig = ${JSON.stringify(config)};</script><script src="/suite.js"></script>`;
    await writeFile(join(site, 'index.html'), html);
    server = await serveStatic(site);
    const browser = await launchChromium(executablePath, { timeoutMs: 60_000 });
    try {
      const page = await browser.context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(server.url);
      const handle = await page.waitForFunction(() => (globalThis as { __nnlabSuiteResult?: unknown }).__nnlabSuiteResult, undefined, {
        timeout: options.timeoutMs ?? 480_000,
        polling: 500,
      });
      const result = (await handle.jsonValue()) as SuiteResult | { error: string };
      if ('error' in result) throw new Error(`the tfjs-core suite page failed: ${result.error}${pageErrors.length > 0 ? `\n${pageErrors.join('\n')}` : ''}`);
      return result;
    } finally {
      await browser.close().catch(() => {});
    }
  } finally {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

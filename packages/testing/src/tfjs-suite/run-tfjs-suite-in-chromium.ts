import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
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

/**
 * Headless Chromium as it runs here (Debian's, as root, no GPU): WebGL 2 on
 * SwiftShader through ANGLE, WebGPU on its SwiftShader adapter with
 * `--enable-unsafe-webgpu` (on a secure context: http://127.0.0.1).
 * The same flags as apps/cli's launchChromium, which this package cannot import.
 */
const FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--headless', '--disable-gpu', '--enable-unsafe-webgpu'];

/** The Chromium to use, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const path = process.env.NNLAB_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

/** Reads an op list: one tfjs describe name per line, `#` starts a comment. */
export async function readSuiteOps(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function serve(files: Readonly<Record<string, string>>): Promise<Server> {
  const server = createServer((request, response) => {
    const body = files[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': request.url?.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs tfjs-core 4.22.0's specs for `ops` against a browser backend in
 * headless Chromium (a fresh profile, a page on http://127.0.0.1) and returns
 * the counts. Rejects with the page's error when the backend cannot start.
 */
export async function runTfjsCoreSuiteInChromium(options: ChromiumSuiteOptions): Promise<SuiteResult> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (executablePath === undefined) throw new Error('no Chromium: install it with `apt-get install chromium` or set NNLAB_CHROMIUM');
  const dir = await mkdtemp(join(tmpdir(), 'nnlab-tfjs-suite-browser-'));
  let server: Server | undefined;
  try {
    const bundle = join(dir, 'suite.js');
    await buildTfjsSuite(options.backendModule, bundle, 'browser');
    const config: SuiteConfig = {
      mode: 'ops',
      ops: options.ops,
      exclusions: options.exclusionsFile === undefined ? [] : readExclusions(options.exclusionsFile),
    };
    const html = `<!doctype html><meta charset="utf-8"><script>globalThis.__nnlabSuiteConfig = ${JSON.stringify(config)};</script><script src="/suite.js"></script>`;
    server = await serve({ '/': html, '/suite.js': await readFile(bundle, 'utf8') });
    const { port } = server.address() as AddressInfo;
    const profile = join(dir, 'profile');
    const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: FLAGS, timeout: 60_000 });
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`http://127.0.0.1:${port}/`);
      const handle = await page.waitForFunction(() => (globalThis as { __nnlabSuiteResult?: unknown }).__nnlabSuiteResult, undefined, {
        timeout: options.timeoutMs ?? 480_000,
        polling: 500,
      });
      const result = (await handle.jsonValue()) as SuiteResult | { error: string };
      if ('error' in result) throw new Error(`the tfjs-core suite page failed: ${result.error}${pageErrors.length > 0 ? `\n${pageErrors.join('\n')}` : ''}`);
      return result;
    } finally {
      await context.close().catch(() => {});
    }
  } finally {
    server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

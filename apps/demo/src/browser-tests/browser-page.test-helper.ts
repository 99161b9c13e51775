import { fileURLToPath } from 'node:url';
import { ensureDemoBuild, findChromium, launchChromium, type LaunchedChromium, serveStatic, type StaticServer } from '@nnlab/browser-harness';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';

const chromium = findChromium();
/** apps/demo: this file is apps/demo/src/browser-tests/. */
const DEMO_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Why the browser tests cannot run here, or undefined when they can. CI
 * installs Chromium (tools/setup.sh), so there a missing browser is a
 * failure, not a skip.
 */
export const browserSkipReason: string | undefined = (() => {
  if (chromium.path !== undefined) return undefined;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error(`CI must run the browser tests, but ${chromium.reason}`);
  }
  return chromium.reason;
})();
if (browserSkipReason !== undefined) console.warn(`skipping the headless Chromium tests: ${browserSkipReason}`);

/** A served demo build and one headless Chromium; `close()` stops both. */
export interface DemoBrowser {
  readonly server: StaticServer;
  readonly browser: LaunchedChromium;
  /** Uncaught page errors and console errors seen so far, for tests to assert there are none. */
  readonly errors: string[];
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the demo if it is stale (or reuses the build), serves it, and starts Chromium. */
export async function startDemoBrowser(): Promise<DemoBrowser> {
  if (chromium.path === undefined) throw new Error(chromium.reason);
  const dist = await ensureDemoBuild({ demoDir: DEMO_DIR, onBuild: (why) => console.log(`building apps/demo for the browser tests (${why})`) });
  const server = await serveStatic(dist);
  const browser = await launchChromium(chromium.path);
  const errors: string[] = [];
  return {
    server,
    browser,
    errors,
    async open(path) {
      const page = await browser.context.newPage();
      // CI runs other test files beside this one on two cores, and the GPUs here are software: be patient.
      page.setDefaultTimeout(90_000);
      page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
      page.on('console', (message) => {
        // A 404 for /favicon.ico is the browser's own request, not the site's.
        if (message.type() === 'error' && !/favicon|Failed to load resource/.test(message.text())) errors.push(`${path}: console: ${message.text()}`);
      });
      await page.goto(`${server.url}${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** How much a PNG varies: the standard deviation of luminance (0 for a blank image) and the number of distinct colours. */
export function pngContent(png: Buffer): { readonly width: number; readonly height: number; readonly luminanceStd: number; readonly colours: number } {
  const image = PNG.sync.read(png);
  const pixels = image.width * image.height;
  let sum = 0;
  let sumSquares = 0;
  const colours = new Set<number>();
  for (let i = 0; i < pixels; i++) {
    const r = image.data[i * 4] as number;
    const g = image.data[i * 4 + 1] as number;
    const b = image.data[i * 4 + 2] as number;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += y;
    sumSquares += y * y;
    if (colours.size < 100_000) colours.add((r << 16) | (g << 8) | b);
  }
  const mean = sum / pixels;
  return { width: image.width, height: image.height, luminanceStd: Math.sqrt(Math.max(0, sumSquares / pixels - mean * mean)), colours: colours.size };
}

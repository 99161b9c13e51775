import { findChromium } from './find-chromium.js';
import { launchChromium } from './launch-chromium.js';

/**
 * Rasterises SVG documents to PNG bytes with headless Chromium (the browser
 * the CLI already drives for `--browser`; Vega's own PNG output needs the
 * native `canvas` package, which nnlab does not install). The
 * `rasterize` option of `@nnlab/report`'s to-accuracy report.
 *
 * @example
 * await writeToAccuracyReport(dir, report, { rasterize: rasterizeSvgs });
 */
export async function rasterizeSvgs(svgs: readonly string[]): Promise<Uint8Array[]> {
  const chromium = findChromium();
  if (chromium.path === undefined) throw new Error(chromium.reason);
  try {
    const browser = await launchChromium(chromium.path);
    try {
      const page = await browser.context.newPage();
      const pngs: Uint8Array[] = [];
      for (const svg of svgs) {
        await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
        pngs.push(await page.locator('svg').first().screenshot());
      }
      return pngs;
    } finally {
      await browser.close();
    }
  } catch (error) {
    throw new Error(`headless Chromium failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import { addBrowserRows, browserBench } from './browser-bench.js';
import { browserRecipeTrainer } from './browser-recipe-trainer.js';
import type { BenchReport } from './run-bench.js';

// Without a Chromium, or with a site that cannot be built, the browser benches say why instead of throwing.
// (The runs in a real page are tested through the CLI: apps/cli's browser-bench and bench-to-accuracy-browser tests.)
const saved = process.env.NNLAB_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.NNLAB_CHROMIUM;
  else process.env.NNLAB_CHROMIUM = saved;
});
const failingSite = async (): Promise<string> => {
  throw new Error('no site here');
};

describe('browser benches without a page', () => {
  it('browserBench skips with the reason: no Chromium, or the site failed to build', async () => {
    process.env.NNLAB_CHROMIUM = '/nonexistent/chrome';
    expect(await browserBench({ site: failingSite })).toEqual({ skipped: expect.stringContaining('apt-get install chromium') });
    delete process.env.NNLAB_CHROMIUM;
    const result = await browserBench({ site: failingSite });
    expect('skipped' in result && result.skipped).toMatch(/^browser rows skipped: /);
  });

  it('addBrowserRows keeps the Node report when the requested backends name no browser backend', async () => {
    const report = { seconds: 1, results: [] } as unknown as BenchReport;
    const added = await addBrowserRows(report, { site: failingSite, requested: ['native'] });
    expect(added.report).toBe(report);
    expect(added.browser).toEqual({ skipped: 'browser rows skipped: the requested backends name no browser backend (webgl, webgpu, wasm, cpu)' });
  });

  it('browserRecipeTrainer checks say why and train rejects', async () => {
    process.env.NNLAB_CHROMIUM = '/nonexistent/chrome';
    const trainer = browserRecipeTrainer({ site: failingSite });
    expect(await trainer.check('webgl')).toEqual({ reason: expect.stringContaining('apt-get install chromium') });
    await trainer.dispose?.();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_HINT, findChromium } from '@nnlab/browser-harness';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

const quickArgs = ['--workload', 'mlp', '--quick', '--budget', '0.2', '--repeats', '1', '--no-progress', '--json'];
const chromium = findChromium();
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (chromium.path === undefined && inCi) throw new Error(`CI must run the browser bench test, but ${chromium.reason}`);
if (chromium.path === undefined) console.warn(`skipping the headless Chromium bench test: ${chromium.reason}`);

interface Row {
  backend: string;
  environment: string;
  available: boolean;
  samplesPerSec: number | null;
  variant?: string;
}

/** With --json, stdout is the one JSON document. */
function lastJson(text: string): { results: Row[]; browser?: Record<string, unknown> } {
  return JSON.parse(text);
}

describe('findChromium', () => {
  it('says how to install Chromium when none is found', () => {
    const found = findChromium({}, ['/nonexistent/chromium']);
    expect(found.path).toBeUndefined();
    expect(found).toMatchObject({ reason: expect.stringContaining('apt-get install chromium') });
  });
  it('prefers NNLAB_CHROMIUM and rejects one that is not executable', () => {
    expect(findChromium({ NNLAB_CHROMIUM: '/nonexistent/chrome' })).toEqual({ reason: `NNLAB_CHROMIUM=/nonexistent/chrome is not an executable file: ${CHROMIUM_INSTALL_HINT}` });
  });
});

describe('nnlab bench --browser', () => {
  const saved = process.env.NNLAB_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.NNLAB_CHROMIUM;
    else process.env.NNLAB_CHROMIUM = saved;
  });

  it('without a Chromium says how to install one and carries on with the Node rows', async () => {
    process.env.NNLAB_CHROMIUM = '/nonexistent/chrome';
    const out = captureOutput();
    expect(await main(['bench', '--browser', '--backend', 'cpu', '--peers', 'none', ...quickArgs], out)).toBe(0);
    expect(out.err()).toMatch(/^nnlab: browser rows skipped: NNLAB_CHROMIUM=\/nonexistent\/chrome is not an executable file: install one with `apt-get install chromium`/m);
    const report = lastJson(out.out());
    expect(report.results.map((r) => [r.backend, r.variant, r.environment, r.available])).toEqual([
      ['cpu', 'nnlab', 'node', true],
      ['cpu', 'fit', 'node', true],
    ]);
    expect(report.browser).toEqual({ skipped: expect.stringContaining('apt-get install chromium') });
  });

  it.skipIf(chromium.path === undefined)('adds rows measured in headless Chromium to the same table and JSON', async () => {
    const out = captureOutput();
    expect(await main(['bench', '--browser', '--backend', 'cpu,webgl', '--peers', 'none', ...quickArgs], out)).toBe(0);
    const report = lastJson(out.out());
    // Node runs cpu (webgl needs a browser); the page runs both, in the order asked for.
    // The bare step and fit beside it, in Node and in the page.
    expect(report.results.map((r) => [r.backend, r.variant, r.environment, r.available])).toEqual([
      ['cpu', 'nnlab', 'node', true],
      ['cpu', 'fit', 'node', true],
      ['cpu', 'nnlab', 'browser', true],
      ['cpu', 'fit', 'browser', true],
      ['webgl', 'nnlab', 'browser', true],
      ['webgl', 'fit', 'browser', true],
    ]);
    expect(report.results.every((r) => (r.samplesPerSec ?? 0) > 0)).toBe(true);
    expect(report.browser).toMatchObject({ userAgent: expect.stringContaining('HeadlessChrome'), crossOriginIsolated: true });
    expect(out.err()).toMatch(/^webgl \(browser\)\s+mlp/m);
    expect(out.err()).toMatch(/^cpu \(browser\)\s+mlp/m);
  }, 180_000);
});

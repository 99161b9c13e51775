import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findChromium } from '@nnlab/browser-harness';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

const chromium = findChromium();
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (chromium.path === undefined && inCi) throw new Error(`CI must run the browser time-to-accuracy test, but ${chromium.reason}`);
if (chromium.path === undefined) console.warn(`skipping the headless Chromium time-to-accuracy test: ${chromium.reason}`);

const dir = mkdtempSync(join(tmpdir(), 'nnlab-to-accuracy-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  contender: string;
  kind: string;
  available: boolean;
  reason?: string;
  runs: number;
  steps: number | null;
  bestAccuracy: number | null;
  dataSeconds: number | null;
  seedRuns: Array<{ curve: Array<{ accuracy: number }> }>;
}

describe('nnlab bench --to-accuracy --browser', () => {
  const saved = process.env.NNLAB_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.NNLAB_CHROMIUM;
    else process.env.NNLAB_CHROMIUM = saved;
  });

  it('without a Chromium gives the browser rows the reason and how to install one', async () => {
    process.env.NNLAB_CHROMIUM = '/nonexistent/chrome';
    const io = captureOutput();
    const code = await main(['bench', '--to-accuracy', '--browser', '--backend', 'webgl', '--peers', 'none', '--seeds', '1', '--max-seconds', '1', '--report', join(dir, 'none'), '--json'], io);
    expect(code, io.err()).toBe(0);
    const rows = (io.lastJson() as { rows: Row[] }).rows;
    expect(rows).toEqual([expect.objectContaining({ contender: 'webgl (browser)', available: false, reason: expect.stringContaining('apt-get install chromium') })]);
  });

  it('rejects --browser with a --backend list that names no browser backend', async () => {
    const io = captureOutput();
    expect(await main(['bench', '--to-accuracy', '--browser', '--backend', 'native', '--peers', 'none'], io)).toBe(1);
    expect(io.err()).toMatch(/^nnlab: error: --browser: --backend native names no browser backend \(webgl, webgpu, wasm, cpu\)$/m);
  });

  it.skipIf(chromium.path === undefined)(
    'trains mnist-mlp through fit in headless Chromium on webgl, webgpu and wasm beside Node wasm: rows name the renderer, progress lines, chart',
    async () => {
      const io = captureOutput();
      const report = join(dir, 'report');
      const args = ['bench', '--to-accuracy', '--browser', '--recipe', 'mnist-mlp', '--backend', 'webgl,webgpu,wasm', '--peers', 'none', '--seeds', '1', '--max-seconds', '1', '--report', report, '--json'];
      const code = await main(args, io);
      expect(code, io.err()).toBe(0);
      const json = io.lastJson() as { rows: Row[]; contenders: Array<{ name: string; setup?: string; reason?: string }> };
      // Node trains wasm (webgl and webgpu are browser-only); the page trains all three.
      expect(json.rows.map((r) => r.contender)).toEqual(['wasm', 'webgl (browser, SwiftShader, software)', 'webgpu (browser, SwiftShader, software)', 'wasm (browser)']);
      for (const row of json.rows) {
        expect(row, row.reason).toMatchObject({ available: true, kind: 'nnlab', runs: 1 });
        expect(row.steps).toBeGreaterThan(0);
        // A 1 s cap ends with one last evaluation of the whole test set: a real accuracy, better than chance.
        expect(row.bestAccuracy).toBeGreaterThan(0.15);
        expect(row.seedRuns[0]?.curve.length).toBeGreaterThan(0);
      }
      // the page fetched the bench's own data: its time is the browser rows' data column, apart from training
      for (const row of json.rows.slice(1)) expect(row.dataSeconds).toBeGreaterThan(0);
      const setups = Object.fromEntries(json.contenders.map((c) => [c.name, c.setup ?? '']));
      expect(setups['webgl (browser, SwiftShader, software)']).toMatch(/^nnlab fit on webgl .* in HeadlessChrome\/[\d.]+; renderer: .*SwiftShader/);
      expect(setups['webgpu (browser, SwiftShader, software)']).toMatch(/^nnlab fit on webgpu .* in HeadlessChrome\/[\d.]+; adapter: .*swiftshader/i);
      for (const name of ['webgl (browser, SwiftShader, software)', 'webgpu (browser, SwiftShader, software)', 'wasm (browser)']) {
        expect(io.err()).toContain(`] ${name} mnist-mlp seed 0: start; `);
        expect(io.err()).toMatch(new RegExp(`\\] ${name.replace(/[()]/g, '\\$&')} mnist-mlp seed 0: (reached in|not reached in) `));
      }
      expect(io.err()).toMatch(/^ {2}nnlab webgpu \(browser, SwiftShader, software\)\s+(not reached|[\d.]+)\s+[01]\/1/m);
      expect(readFileSync(join(report, 'mnist-mlp.svg'), 'utf8')).toContain('nnlab webgl (browser, SwiftShader, software)');
    },
    240_000,
  );
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { saveCheckpoint } from '@nnlab/checkpoint/node';
import type { BenchReport } from '@nnlab/bench';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../conformance-page.js';
import { browserSkipReason, type DemoBrowser, pngContent, startDemoBrowser } from './browser-page.test-helper.js';

/** What main.ts puts on `window.nnlabDemo`. */
interface DemoApi {
  ready: Promise<void>;
  train(maxSteps?: number): Promise<void>;
  stop(): Promise<void>;
  bench(options: object): Promise<BenchReport>;
  drawing(): number[];
  state(): { backend: string; steps: number; running: boolean; lossPoints: number; accuracyPoints: number[]; status: string };
}
type DemoWindow = Window & { nnlabDemo: DemoApi; nnlabConformance: { run(backend: string): Promise<ConformanceReport> } };

const state = (page: Page) => page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.state());

/** Steps per backend: enough to see the loss move, few enough for SwiftShader's software GPU on two cores. */
const TRAINING: ReadonlyArray<readonly [string, number]> = [
  ['cpu', 6],
  ['wasm', 20],
  ['webgl', 6],
  ['webgpu', 3],
];

// One Chromium and one page for the whole file: starting them costs seconds on two cores.
describe.skipIf(browserSkipReason !== undefined)('demo site in headless Chromium', () => {
  let demo: DemoBrowser;
  let page: Page;
  let available: Record<string, boolean> = {};

  beforeAll(async () => {
    demo = await startDemoBrowser();
    page = await demo.open('index.html');
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.ready);
    available = Object.fromEntries(await page.$$eval('#backend option', (options) => options.map((o) => [(o as HTMLOptionElement).value, !(o as HTMLOptionElement).disabled])));
  }, 180_000);
  afterAll(async () => demo?.close());

  it('lists every browser backend with what the probe found', async () => {
    const reasons = await page.$$eval('#backend-reasons li', (items) => items.map((li) => [(li as HTMLElement).dataset.backend, li.textContent ?? '']));
    expect(reasons.map(([name]) => name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    const text = Object.fromEntries(reasons);
    // SwiftShader gives headless Chromium WebGL 2 with float32 render targets.
    expect(text.webgl).toMatch(/available - WebGL 2, float32 render targets/);
    expect(available).toMatchObject({ webgl: true, wasm: true, cpu: true });
    // WebGPU either works (--enable-unsafe-webgpu gives a SwiftShader adapter) or the page says why not.
    expect(text.webgpu).toMatch(available.webgpu === true ? /available - WebGPU adapter/ : /unavailable - .{10,}/);
  });

  for (const [backend, steps] of TRAINING) {
    it(`trains the MLP on ${backend}`, async () => {
      if (available[backend] !== true) {
        // Only WebGPU may be missing (a browser without it): the page must say why.
        expect(backend).toBe('webgpu');
        expect(await page.textContent(`#backend-reasons li[data-backend="${backend}"]`)).toMatch(/unavailable - \S+/);
        return;
      }
      await page.selectOption('#backend', backend);
      await page.evaluate((n) => (window as unknown as DemoWindow).nnlabDemo.train(n), steps);
      const after = await state(page);
      expect(after).toMatchObject({ backend, steps, running: false });
      expect(after.status).toMatch(new RegExp(`stopped after ${steps} steps on ${backend}`));
      expect(after.lossPoints).toBeGreaterThan(0);
      expect(Number(await page.textContent('#readout-loss'))).toBeGreaterThan(0);
      expect(Number(await page.textContent('#readout-samples-per-sec'))).toBeGreaterThan(0);
      expect(await page.textContent('#readout-test-accuracy')).toMatch(/^\d+\.\d%$/);
    }, 120_000);
  }

  it('stops and resumes where it stopped (wasm)', async () => {
    await page.selectOption('#backend', 'wasm');
    await page.click('#reset');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as DemoWindow).nnlabDemo.state().steps >= 10);
    await page.click('#stop');
    await page.waitForFunction(() => !(window as unknown as DemoWindow).nnlabDemo.state().running);
    const stopped = await state(page);
    expect(await page.textContent('#train')).toBe('Resume');
    await page.waitForTimeout(300);
    expect((await state(page)).steps).toBe(stopped.steps);
    await page.click('#train');
    await page.waitForFunction((n) => (window as unknown as DemoWindow).nnlabDemo.state().steps >= n + 150, stopped.steps);
    await page.click('#stop');
    await page.waitForFunction(() => !(window as unknown as DemoWindow).nnlabDemo.state().running);
    const resumed = await state(page);
    expect(resumed.backend).toBe('wasm');
    expect(resumed.lossPoints).toBeGreaterThan(stopped.lossPoints);
    expect(resumed.accuracyPoints[1]).toBeGreaterThan(0);
  }, 120_000);

  it('draws the loss and accuracy charts', async () => {
    for (const id of ['loss-chart', 'accuracy-chart']) {
      const content = pngContent(await page.locator(`#${id}`).screenshot());
      expect(content.luminanceStd, id).toBeGreaterThan(10);
      expect(content.colours, id).toBeGreaterThan(20);
    }
  });

  it('shows class probabilities for a digit drawn with the mouse', async () => {
    // Mouse coordinates are viewport coordinates: bring the pad into view first.
    await page.locator('#drawing-pad').scrollIntoViewIfNeeded();
    const box = await page.locator('#drawing-pad').boundingBox();
    if (box === null) throw new Error('#drawing-pad is not visible');
    const draw = async (points: ReadonlyArray<readonly [number, number]>): Promise<number[]> => {
      const [first, ...rest] = points;
      await page.mouse.move(box.x + (first?.[0] ?? 0) * box.width, box.y + (first?.[1] ?? 0) * box.height);
      await page.mouse.down();
      for (const [x, y] of rest) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelector('.bar-row.best') !== null);
      await page.waitForTimeout(200);
      return page.$$eval('.bar-value', (values) => values.map((v) => Number.parseFloat(v.textContent ?? '')));
    };
    const one = await draw([[0.5, 0.15], [0.5, 0.85]]);
    expect(one.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    await page.click('#clear-pad');
    expect(await page.$$eval('.bar-value', (values) => values.map((v) => v.textContent))).toEqual(Array(10).fill('-'));
    const zero = await draw(Array.from({ length: 25 }, (_, k) => [0.5 + 0.25 * Math.sin((k / 24) * 2 * Math.PI), 0.5 - 0.33 * Math.cos((k / 24) * 2 * Math.PI)] as const));
    expect(zero.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    expect(zero).not.toEqual(one);
  });

  it('classifies drawn digits with a checkpoint chosen as files (as dropped), as nnlab does in Node', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nnlab-demo-checkpoint-'));
    try {
      await cpuBackend.activate();
      const model = buildModel('mlp:784-32-10', { rng: new Rng(3) });
      const normalization = { mean: [0.13], std: [0.31] };
      const saved = await saveCheckpoint(dir, { model, epoch: 1, step: 10, modelSpec: 'mlp:784-32-10', input: { shape: [28, 28, 1], normalization, dataset: 'mnist-10k' } });
      await page.setInputFiles('#model-files', [join(saved.directory, 'checkpoint.json'), join(saved.directory, 'model.safetensors')]);
      await page.waitForFunction(() => /^loaded /.test(document.querySelector('#model-status')?.textContent ?? ''));
      expect(await page.textContent('#model-status')).toMatch(/^loaded mlp:784-32-10 from checkpoint\.json \(epoch 1, trained on mnist-10k\); draw a digit$/);
      await page.click('#clear-pad');
      await page.locator('#drawing-pad').scrollIntoViewIfNeeded();
      const box = await page.locator('#drawing-pad').boundingBox();
      if (box === null) throw new Error('#drawing-pad is not visible');
      await page.mouse.move(box.x + 0.3 * box.width, box.y + 0.2 * box.height);
      await page.mouse.down();
      await page.mouse.move(box.x + 0.6 * box.width, box.y + 0.8 * box.height, { steps: 6 });
      await page.mouse.up();
      await page.waitForFunction(() => /^classified by mlp:784-32-10/.test(document.querySelector('#draw-hint')?.textContent ?? ''));
      // The hint is set before the (possibly first, shader-compiling) prediction: wait for the bars themselves.
      await page.waitForFunction(() => Array.from(document.querySelectorAll('.bar-value')).every((v) => /%$/.test(v.textContent ?? '')));
      await page.waitForTimeout(300);
      const shown = await page.$$eval('.bar-value', (values) => values.map((v) => Number.parseFloat(v.textContent ?? '')));
      const pixels = await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.drawing());
      expect(pixels).toHaveLength(784);
      model.eval();
      const expected = tf.tidy(() => tf.softmax(model.forward(tf.div(tf.sub(tf.tensor4d(pixels, [1, 28, 28, 1]), 0.13), 0.31))).dataSync());
      model.dispose();
      // The bars show percentages with one decimal.
      shown.forEach((percent, c) => expect(Math.abs(percent - (expected[c] as number) * 100)).toBeLessThanOrEqual(0.051));
      await page.setInputFiles('#model-files', [join(saved.directory, 'model.safetensors')]);
      await page.waitForFunction(() => /^could not load/.test(document.querySelector('#model-status')?.textContent ?? ''));
      expect(await page.textContent('#model-status')).toMatch(/drop both checkpoint\.json and model\.safetensors/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows first-layer weights and a grid of test predictions', async () => {
    expect(await page.textContent('#predictions-caption')).toMatch(/^\d+ of 48 test images right/);
    for (const id of ['weights', 'predictions']) {
      const content = pngContent(await page.locator(`#${id}`).screenshot());
      expect(content.luminanceStd, id).toBeGreaterThan(10);
    }
  });

  it('benchmarks browser backends in the page, as a table and a chart', async () => {
    const benchmarking = page.evaluate(
      (options) => (window as unknown as DemoWindow).nnlabDemo.bench(options),
      { backends: ['wasm', 'cpu'], workloads: ['mlp'], quick: true, budgetSeconds: 0.3, repeats: 1 },
    );
    // The bench switches backends: nothing may train or reset meanwhile.
    await page.waitForFunction(() => (document.getElementById('train') as HTMLButtonElement).disabled);
    expect(await page.isDisabled('#reset')).toBe(true);
    const report = await benchmarking;
    expect(await page.isDisabled('#train')).toBe(false);
    expect(await page.isDisabled('#reset')).toBe(false);
    // The bare step and fit beside it, per backend.
    expect(report.results.map((r) => [r.backend, r.workload, r.variant, r.environment, r.available])).toEqual([
      ['wasm', 'mlp', 'nnlab', 'browser', true],
      ['wasm', 'mlp', 'fit', 'browser', true],
      ['cpu', 'mlp', 'nnlab', 'browser', true],
      ['cpu', 'mlp', 'fit', 'browser', true],
    ]);
    expect(report.results.every((r) => (r.samplesPerSec ?? 0) > 0)).toBe(true);
    expect(await page.$$eval('#bench-table tbody tr', (rows) => rows.map((r) => `${(r as HTMLElement).dataset.backend} ${(r as HTMLElement).dataset.variant}`))).toEqual([
      'wasm nnlab', 'wasm fit', 'cpu nnlab', 'cpu fit',
    ]);
    expect(pngContent(await page.locator('#bench-chart').screenshot()).colours).toBeGreaterThan(10);
    // The training backend is selected again afterwards.
    expect((await state(page)).backend).toBe('wasm');
  }, 120_000);

  it('renders a page with real content (screenshot)', async () => {
    const png = await page.screenshot({ fullPage: true });
    await mkdir('.cache', { recursive: true }).then(() => writeFile('.cache/demo-screenshot.png', png)).catch(() => {});
    const content = pngContent(png);
    expect(content.height).toBeGreaterThan(1500);
    expect(content.luminanceStd).toBeGreaterThan(20);
    expect(content.colours).toBeGreaterThan(200);
  });

  describe('conformance cases run in the page against cpu', () => {
    let conformance: Page;
    beforeAll(async () => {
      conformance = await demo.open('conformance.html');
    });

    for (const backend of ['webgl', 'webgpu']) {
      it(`${backend} passes every case`, async () => {
        const report = await conformance.evaluate((b) => (window as unknown as DemoWindow).nnlabConformance.run(b), backend);
        if (report.unavailable !== undefined) {
          expect(backend, `only WebGPU may be unavailable: ${report.unavailable}`).toBe('webgpu');
          expect(report.unavailable).toMatch(/backend "webgpu" is not available: .{10,}/);
          return;
        }
        const failed = report.results.filter((r) => r.status !== 'pass').map((r) => `${r.name}: ${r.message ?? r.status}`);
        expect(failed).toEqual([]);
        expect(report.results.length).toBeGreaterThan(40);
      }, 120_000);
    }
  });

  it('raised no page errors', () => {
    expect(demo.errors).toEqual([]);
  });
});

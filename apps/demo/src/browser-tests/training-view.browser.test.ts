import { mkdir, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type DemoBrowser, pngContent, startDemoBrowser } from './browser-page.test-helper.js';

/** The part of `window.nnlabDemo` (main.ts) this file uses. */
interface DemoApi {
  ready: Promise<void>;
  idle(): Promise<void>;
  state(): {
    backend: string;
    steps: number;
    epochsDone: number;
    running: boolean;
    lossPoints: number;
    testLossPoints: number;
    accuracyPoints: number[];
    legends: { loss: string[]; accuracy: string[] };
    choice?: { name: string; why: string; ranking: string[] };
    status: string;
  };
}
type DemoWindow = Window & { nnlabDemo: DemoApi };

const state = (page: Page) => page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.state());

/** Pixels of a PNG close to the grid's "wrong" red (#dc2626). */
function redPixels(png: Buffer): number {
  const image = PNG.sync.read(png);
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] as number, image.data[i + 1] as number, image.data[i + 2] as number];
    if (r > 180 && g < 90 && b < 90) count += 1;
  }
  return count;
}

/** Elements sticking out of the viewport on the right, as "tag#id.class (right edge)", for a readable failure. */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      .map((e) => [e, e.getBoundingClientRect().right] as const)
      .filter(([, right]) => right > window.innerWidth + 0.5)
      .map(([e, right]) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className}` : ''} (${Math.round(right)})`),
  );

const SCREENSHOTS = '.cache';

describe.skipIf(browserSkipReason !== undefined)('training view: backend pick, epochs, charts, predictions, phone layout (headless Chromium)', () => {
  let demo: DemoBrowser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoBrowser();
    page = await demo.open('index.html');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.ready);
  }, 180_000);
  afterAll(async () => demo?.close());

  it('picks the fastest backend it really has after a short probe, software GPUs last, and says why', async () => {
    const { choice } = await state(page);
    if (choice === undefined) throw new Error('the page made no backend choice');
    expect(await page.inputValue('#backend')).toBe(choice.name);
    const line = (await page.textContent('#backend-choice')) ?? '';
    console.log(`the page says: ${line}`);
    expect(line).toBe(`Picked ${choice.why}. Choose another above if you like.`);
    // Headless Chromium's GPUs are SwiftShader: wasm or cpu (timed) must win, and webgl must rank behind them.
    expect(['wasm', 'cpu']).toContain(choice.name);
    // Both timed; or, on a machine so busy that the probe's 3 s deadline passed after wasm, cpu untimed and said so.
    expect(choice.why).toMatch(
      /^(wasm|cpu): (fastest in a \d+\.\d s probe \((wasm|cpu) [\d,]+, (wasm|cpu) [\d,]+ training samples\/s\)|the only backend timed \([\d,]+ training samples\/s in a \d+\.\d s probe\); cpu not timed: the probe had used its 3\.0 s); .*webgl.* software \(SwiftShader\), ranked last$/,
    );
    const seconds = Number(/in a (\d+\.\d) s probe/.exec(choice.why)?.[1]);
    // About a second of timed steps plus activation and warm-up; generous for two busy cores.
    expect(seconds).toBeLessThan(15);
    expect(choice.ranking.indexOf('webgl')).toBeGreaterThan(choice.ranking.indexOf('cpu'));
    expect(await page.textContent('#backend-reasons li[data-backend="webgl"]')).toMatch(/software GPU \(SwiftShader\): ranked last, not timed/);
    expect(await page.textContent(`#backend-reasons li[data-backend="${choice.name}"]`)).toMatch(/[\d,]+ training samples\/s in the probe/);
    // The person can still choose another backend.
    expect(await page.isDisabled('#backend')).toBe(false);
  });

  it('trains for the epochs asked for, then stops by itself; more epochs resume, Train again starts anew', async () => {
    await page.selectOption('#backend', 'wasm');
    await page.fill('#epochs', '1');
    await page.click('#train');
    await page.waitForFunction(() => /^finished/.test((window as unknown as DemoWindow).nnlabDemo.state().status), undefined, { timeout: 180_000 });
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.idle());
    const done = await state(page);
    // 8,000 training digits in batches of 64: 125 steps an epoch.
    expect(done).toMatchObject({ steps: 125, epochsDone: 1, running: false });
    expect(done.status).toMatch(/^finished 1 epoch \(125 steps; this run \d+\.\d s\) on wasm: test accuracy \d+\.\d%\./);
    expect(await page.textContent('#train')).toBe('Train again');
    expect(await page.textContent('#readout-epoch')).toBe('1.00');
    await page.fill('#epochs', '2');
    expect(await page.textContent('#train')).toBe('Resume');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as DemoWindow).nnlabDemo.state().steps > 130);
    await page.click('#stop');
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.idle());
    const stopped = await state(page);
    expect(stopped.status).toMatch(/^stopped after \d+ steps on wasm; press Resume/);
    expect(stopped.steps).toBeLessThan(250);
    expect(await page.textContent('#train')).toBe('Resume');
    await page.fill('#epochs', '0');
    await page.click('#train');
    expect(await page.textContent('#status')).toBe('epochs must be a whole number >= 1, got "0"');
    await page.fill('#epochs', '2');
  }, 240_000);

  it('charts train and test loss (and accuracy) against epochs, with legends', async () => {
    const after = await state(page);
    expect(after.legends).toEqual({ loss: ['train (batches)', 'test (500 images)'], accuracy: ['train (batches)', 'test (500 images)'] });
    expect(after.lossPoints).toBeGreaterThan(5);
    expect(after.testLossPoints).toBeGreaterThan(1);
    expect(after.accuracyPoints[1]).toBe(after.testLossPoints);
    expect(Number(await page.textContent('#readout-test-loss'))).toBeGreaterThan(0);
    const chart = pngContent(await page.locator('#loss-chart').screenshot());
    expect(chart.colours).toBeGreaterThan(20);
  });

  it('shows the true label under every prediction and marks the wrong ones in red', async () => {
    const label = (await page.getAttribute('#predictions', 'aria-label')) ?? '';
    const [, right, total] = /^(\d+) of (\d+) test images predicted right/.exec(label) ?? [];
    expect(Number(total)).toBe(48);
    expect(await page.textContent('#predictions-caption')).toMatch(new RegExp(`^${right} of 48 test images right\\. Under each image: the model's answer .* and the true label`));
    const wrong = [...label.matchAll(/image (\d+) predicted (\d), true (\d)/g)];
    expect(wrong.length).toBe(48 - Number(right));
    for (const [, , predicted, truth] of wrong) expect(predicted).not.toBe(truth);
    const png = await page.locator('#predictions').screenshot();
    // A wrong cell has a 3-px red frame (about 700 red pixels) and red text; a right one has none.
    if (wrong.length > 0) expect(redPixels(png)).toBeGreaterThan(300 * wrong.length);
    else expect(redPixels(png)).toBe(0);
  });

  for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 414, 896]] as const) {
    it(`fits a ${width} px wide window (${name}): nothing sticks out, the charts resize`, async () => {
      await page.setViewportSize({ width, height });
      // Chart.js resizes on its ResizeObserver, the prediction grid on the window's resize event: give both a few frames.
      await page.waitForTimeout(600);
      expect(await overflowing(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const loss = await page.locator('#loss-chart').boundingBox();
      const accuracy = await page.locator('#accuracy-chart').boundingBox();
      if (loss === null || accuracy === null) throw new Error('charts not laid out');
      if (name === 'phone') {
        // One above the other, each nearly the page's width.
        expect(accuracy.y).toBeGreaterThanOrEqual(loss.y + loss.height);
        expect(loss.width).toBeGreaterThan(width * 0.75);
      } else {
        expect(accuracy.y).toBe(loss.y);
        expect(loss.width).toBeGreaterThan(400);
      }
      expect(loss.x + loss.width).toBeLessThanOrEqual(width);
      const png = await page.screenshot({ fullPage: true });
      await mkdir(SCREENSHOTS, { recursive: true });
      await writeFile(`${SCREENSHOTS}/demo-${name}-${width}.png`, png);
      expect(pngContent(png).width).toBe(width);
    });
  }

  it('raised no page errors', () => {
    expect(demo.errors).toEqual([]);
  });
});

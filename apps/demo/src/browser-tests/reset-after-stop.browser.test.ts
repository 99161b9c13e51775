import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type DemoBrowser, startDemoBrowser } from './browser-page.test-helper.js';

/** The part of `window.nnlabDemo` (main.ts) this file uses. */
interface DemoApi {
  ready: Promise<void>;
  train(maxSteps?: number): Promise<void>;
  /** Resolves once no training, stopping, reset or inspection is in flight. */
  idle?(): Promise<void>;
  state(): { backend: string; steps: number; running: boolean; lossPoints: number; status: string };
}
type DemoWindow = Window & { nnlabDemo: DemoApi };

const state = (page: Page) => page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.state());

/**
 * Reset pressed right after Stop, before the stopping run has returned: on a
 * slow (software GPU) backend a person does this easily. The page used to
 * free the model while the stopped run's last inspection still used it
 * ("Cannot read properties of undefined (reading 'predict')") and left
 * "press Resume" in the status.
 */
describe.skipIf(browserSkipReason !== undefined)('Reset right after Stop (headless Chromium)', () => {
  let demo: DemoBrowser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoBrowser();
    page = await demo.open('index.html?backend=cpu');
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.ready);
  }, 180_000);
  afterAll(async () => demo?.close());

  it('waits for the stopping run, frees the model once, and leaves a page ready to train anew', async () => {
    await page.selectOption('#backend', 'cpu');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as DemoWindow).nnlabDemo.state().steps >= 3);
    // Both clicks in one task: Reset lands while the stopped run is still finishing its step (the tightest a person can be).
    await page.evaluate(() => {
      (document.getElementById('stop') as HTMLButtonElement).click();
      (document.getElementById('reset') as HTMLButtonElement).click();
    });
    await page.waitForFunction(() => !(window as unknown as DemoWindow).nnlabDemo.state().running);
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.idle?.());
    // Anything the stopped run or an inspection still had queued shows up within a few frames.
    await page.waitForTimeout(500);
    const after = await state(page);
    expect(demo.errors).toEqual([]);
    expect(after.status).not.toMatch(/Cannot read|Resume|undefined/);
    expect((await page.getAttribute('#status', 'class')) ?? '').not.toMatch(/error/);
    expect(after).toMatchObject({ steps: 0, running: false, lossPoints: 0 });
    expect(await page.textContent('#train')).toBe('Train');
    expect(await page.textContent('#readout-step')).toBe('-');
    expect(await page.textContent('#predictions-caption')).toBe('Train to see predictions.');

    // The page trains a new model afterwards, from step 0.
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.train(4));
    expect(await state(page)).toMatchObject({ backend: 'cpu', steps: 4, running: false });
    expect(demo.errors).toEqual([]);
  }, 120_000);

  it('also survives Reset pressed while training, without Stop', async () => {
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as DemoWindow).nnlabDemo.state().steps >= 6);
    await page.click('#reset');
    await page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.idle?.());
    await page.waitForFunction(() => !(window as unknown as DemoWindow).nnlabDemo.state().running);
    await page.waitForTimeout(500);
    expect(demo.errors).toEqual([]);
    expect(await state(page)).toMatchObject({ steps: 0, running: false, lossPoints: 0 });
    expect((await state(page)).status).not.toMatch(/Resume/);
  }, 120_000);
});

import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { loadModelSafetensors } from '@nnlab/checkpoint';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type DemoBrowser, startDemoBrowser } from './browser-page.test-helper.js';

/** The part of `window.nnlabDemo` (main.ts) this file uses. */
interface DemoApi {
  ready: Promise<void>;
  train(maxSteps?: number): Promise<void>;
  idle(): Promise<void>;
  state(): { steps: number; status: string };
}
type DemoWindow = Window & { nnlabDemo: DemoApi };

const demoApi = (page: Page) => ({
  ready: () => page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.ready),
  train: (steps: number) => page.evaluate((n) => (window as unknown as DemoWindow).nnlabDemo.train(n), steps),
  idle: () => page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.idle()),
  state: () => page.evaluate(() => (window as unknown as DemoWindow).nnlabDemo.state()),
});

/** Clicks Download and returns the file's name and bytes. */
async function download(page: Page): Promise<{ name: string; bytes: Uint8Array }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#checkpoint-download')]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

/** Clicks a checkpoint button and waits for the status line it leads to. */
async function clickFor(page: Page, id: string, status: RegExp): Promise<string> {
  await page.click(id);
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')?.textContent ?? ''), status.source);
  return (await page.textContent('#status')) ?? '';
}

// IndexedDB persists in the browser's profile across reloads: one Chromium for the whole file.
describe.skipIf(browserSkipReason !== undefined)('demo checkpoints in headless Chromium: IndexedDB save/load, .safetensors download/upload', () => {
  let demo: DemoBrowser;
  let page: Page;

  beforeAll(async () => {
    await cpuBackend.activate();
    demo = await startDemoBrowser();
    page = await demo.open('index.html?backend=cpu');
    await demoApi(page).ready();
    page.setDefaultTimeout(20_000);
  }, 180_000);
  afterAll(async () => demo?.close());

  it('saves to IndexedDB, survives a reload, loads, and resumes to the same weights as a run that never stopped', async () => {
    const api = demoApi(page);
    await page.selectOption('#backend', 'cpu');
    await api.train(10);
    await api.idle();
    expect((await api.state()).steps).toBe(10);
    expect(await clickFor(page, '#checkpoint-save', /^saved step/)).toMatch(/^saved step 10 of mlp in this browser \(IndexedDB nnlab-demo\)$/);
    expect(await page.textContent('#checkpoint-saved')).toMatch(/^saved: mlp, step 10, /);
    const atSave = await download(page);
    expect(atSave.name).toBe('nnlab-mlp-step10.safetensors');
    await api.train(3);
    await api.idle();
    const straight = await download(page);
    expect(straight.bytes).not.toEqual(atSave.bytes);

    await page.reload();
    await api.ready();
    expect(await page.textContent('#checkpoint-saved')).toMatch(/^saved: mlp, step 10, /);
    expect(await clickFor(page, '#checkpoint-load', /^loaded step/)).toBe('loaded step 10 of mlp (adam) from this browser; press Resume to go on');
    expect((await api.state()).steps).toBe(10);
    expect(await page.textContent('#train')).toBe('Resume');
    expect((await download(page)).bytes).toEqual(atSave.bytes);
    await api.train(3);
    await api.idle();
    expect((await api.state()).steps).toBe(13);
    // Model, Adam's moments, the shuffle order and the position all came back: bit-identical weights.
    expect((await download(page)).bytes).toEqual(straight.bytes);
    expect(demo.errors).toEqual([]);
  }, 300_000);

  it('downloads the model.safetensors Node loads, and uploads it back into a fresh model', async () => {
    const file = await download(page);
    // The same file a Node checkpoint holds: Node's loader takes it into the same architecture.
    const model = buildModel('mlp', { rng: new Rng(1) });
    loadModelSafetensors(model, file.bytes, file.name);
    const state = model.stateDict();
    expect(Object.keys(state).length).toBeGreaterThan(0);
    tf.dispose(Object.values(state));
    model.dispose();

    await page.click('#reset');
    await demoApi(page).idle();
    await page.setInputFiles('#checkpoint-upload', { name: file.name, mimeType: 'application/octet-stream', buffer: Buffer.from(file.bytes) });
    await page.waitForFunction(() => /^loaded the weights/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.textContent('#status')).toBe(`loaded the weights of ${file.name} into mlp; draw a digit, or press Train to go on`);
    expect((await download(page)).bytes).toEqual(file.bytes);

    // Not a safetensors file: one line naming it, nothing changed.
    await page.setInputFiles('#checkpoint-upload', { name: 'notes.safetensors', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error') === true);
    expect(await page.textContent('#status')).toMatch(/^checkpoint: notes\.safetensors: /);
    expect((await download(page)).bytes).toEqual(file.bytes);
    // To look at the panel: NNLAB_SCREENSHOT_DIR=/tmp pnpm vitest run apps/demo/src/browser-tests/checkpoint.browser.test.ts
    if (process.env.NNLAB_SCREENSHOT_DIR) await page.locator('#train-section').screenshot({ path: `${process.env.NNLAB_SCREENSHOT_DIR}/demo-checkpoint-panel.png` });
    expect(demo.errors).toEqual([]);
  }, 300_000);
});

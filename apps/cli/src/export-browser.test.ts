import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { computeMeanStd, normalize, subset } from '@nnlab/datasets';
import { loadMnist10k } from '@nnlab/datasets/node';
import { exportOnnx, exportTfjs } from '@nnlab/export';
import { buildModel } from '@nnlab/models';
import { findChromium, launchChromium, serveStatic } from '@nnlab/browser-harness';

const chromium = findChromium();
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (chromium.path === undefined && inCi) throw new Error(`CI must run the exported-model browser test, but ${chromium.reason}`);
if (chromium.path === undefined) console.warn(`skipping the exported models in headless Chromium test: ${chromium.reason}`);

/** The browser builds (UMD globals `tf`, `ort`) of what a web page would load, found where pnpm put them. */
function browserScripts(): Record<string, string> {
  const fromCli = createRequire(import.meta.url);
  // tfjs-backend-cpu is @nnlab/backend-cpu's dependency (whose exports map hides package.json): resolve from its folder.
  const fromCpu = createRequire(join(import.meta.dirname, '..', '..', '..', 'packages', 'backend-cpu', 'package.json'));
  const dist = (require: NodeJS.Require, name: string): string => join(dirname(require.resolve(`${name}/package.json`)), 'dist');
  const ort = dirname(fromCli.resolve('onnxruntime-web')); // its dist/ (the package's exports hide package.json)
  return {
    'tf-core.min.js': join(dist(fromCli, '@tensorflow/tfjs-core'), 'tf-core.min.js'),
    'tf-backend-cpu.min.js': join(dist(fromCpu, '@tensorflow/tfjs-backend-cpu'), 'tf-backend-cpu.min.js'),
    'tf-layers.min.js': join(dist(fromCli, '@tensorflow/tfjs-layers'), 'tf-layers.min.js'),
    'ort.min.js': join(ort, 'ort.wasm.min.js'), // the WebAssembly-only build
    'ort-wasm-simd-threaded.mjs': join(ort, 'ort-wasm-simd-threaded.mjs'),
    'ort-wasm-simd-threaded.wasm': join(ort, 'ort-wasm-simd-threaded.wasm'),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-export-browser-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe.skipIf(chromium.path === undefined)('exported models in headless Chromium (needs chromium)', () => {
  it('tfjs-layers loadLayersModel over HTTP and onnxruntime-web give nnlab\'s predictions for cnn3', async () => {
    await cpuBackend.activate();
    const data = await loadMnist10k();
    const images = subset(data, Array.from({ length: 20 }, (_, i) => i * 131));
    const stats = computeMeanStd(data);
    const normalization = { mean: [...stats.mean], std: [...stats.std] };
    const model = buildModel('cnn3', { rng: new Rng(4) });
    model.eval();
    const input = { inputShape: [28, 28, 1], normalization };
    await mkdir(join(dir, 'tfjs'));
    for (const [name, bytes] of Object.entries((await exportTfjs(model, input)).files)) await writeFile(join(dir, 'tfjs', name), bytes);
    await writeFile(join(dir, 'model.onnx'), await exportOnnx(model, input));
    const logits = tf.tidy(() => model.forward(tf.tensor4d(normalize(images, stats).images, [20, 28, 28, 1])));
    const expectedLog = tf.tidy(() => tf.logSoftmax(logits).dataSync());
    const expectedLogits = logits.dataSync();
    logits.dispose();
    model.dispose();
    for (const [name, path] of Object.entries(browserScripts())) await symlink(path, join(dir, name));
    await writeFile(join(dir, 'index.html'), ['tf-core', 'tf-backend-cpu', 'tf-layers', 'ort'].map((name) => `<script src="${name}.min.js"></script>`).join('\n'));

    const server = await serveStatic(dir);
    const browser = await launchChromium(chromium.path as string);
    try {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      const result = await page.evaluate(async (pixels: number[]) => {
        const g = globalThis as unknown as { tf: any; ort: any };
        await g.tf.setBackend('cpu');
        const layersModel = await g.tf.loadLayersModel('tfjs/model.json');
        const x = g.tf.tensor4d(pixels, [20, 28, 28, 1]);
        const tfjsLog = Array.from(await g.tf.log(layersModel.predict(x)).data());
        g.ort.env.wasm.wasmPaths = new URL('./', location.href).href;
        g.ort.env.wasm.numThreads = 1;
        const session = await g.ort.InferenceSession.create('model.onnx');
        const out = await session.run({ pixels: new g.ort.Tensor('float32', Float32Array.from(pixels), [20, 28, 28, 1]) });
        return { tfjsLog, onnxLogits: Array.from(out.logits.data as Float32Array), backend: g.tf.getBackend() };
      }, Array.from(images.images));
      const max = (a: number[], b: ArrayLike<number>): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
      const tfjsDifference = max(result.tfjsLog as number[], expectedLog);
      const onnxDifference = max(result.onnxLogits, expectedLogits);
      console.log(`Chromium: tfjs-layers (${result.backend}) log-probability difference ${tfjsDifference.toExponential(2)}, onnxruntime-web logit difference ${onnxDifference.toExponential(2)}`);
      expect(tfjsDifference).toBeLessThan(1e-4);
      expect(onnxDifference).toBeLessThan(1e-4);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 180_000);
});

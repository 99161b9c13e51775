import { describe, expect, it } from 'vitest';
import type { AccuracyRun } from './accuracy-contender.js';
import type { RecipeData } from './recipe-data.js';
import { recipeDataFromParts, recipeDataParts } from './recipe-data-transfer.js';
import { type Recipe, selectRecipes } from './recipes.js';
import { type RemoteTrainer, remoteFitContender, softwareRenderer } from './remote-fit-contender.js';
import { runToAccuracy } from './run-to-accuracy.js';

const recipe = selectRecipes(['mnist-mlp'])[0] as Recipe;

function tinyData(): RecipeData {
  const dataset = (count: number) => ({
    images: Float32Array.from({ length: count * 4 }, (_, i) => i / 7 - 0.5),
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    count,
    shape: [2, 2, 1] as const,
    numClasses: 3,
  });
  return { train: dataset(6), test: dataset(3), seconds: 0.5, source: 'tiny' };
}

describe('softwareRenderer', () => {
  it('names the software rasterisers Chromium and Mesa report, and nothing for a GPU', () => {
    expect(softwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareRenderer('google swiftshader')).toBe('SwiftShader');
    expect(softwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeUndefined();
  });
});

describe('recipeDataParts / recipeDataFromParts', () => {
  it('round-trips a recipe data set through its byte parts without copying on the sending side', async () => {
    const data = tinyData();
    const { layout, parts } = recipeDataParts(data);
    expect(parts['train-images'].buffer).toBe(data.train.images.buffer);
    const copy = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;
    const back = await recipeDataFromParts(layout, async (part) => copy(parts[part]));
    expect(Array.from(back.train.images)).toEqual(Array.from(data.train.images));
    expect(Array.from(back.test.labels)).toEqual(Array.from(data.test.labels));
    expect(back).toMatchObject({ source: 'tiny', train: { count: 6, shape: [2, 2, 1], numClasses: 3 } });
  });

  it('says which split is short when a part is truncated', async () => {
    const { layout, parts } = recipeDataParts(tinyData());
    await expect(recipeDataFromParts(layout, async (part) => (part === 'test-labels' ? new ArrayBuffer(4) : parts[part].slice().buffer))).rejects.toThrow(
      'recipe data: test labels have 4 bytes, expected 12 (3 int32 labels)',
    );
  });
});

describe('remoteFitContender', () => {
  /** A trainer standing in for a browser page: webgl on SwiftShader, webgpu missing, wasm without a device. */
  function fakeTrainer(): RemoteTrainer & { disposed: number; trained: string[] } {
    const run: AccuracyRun = { reached: true, seconds: 1, steps: 25, epochs: 0.2, bestAccuracy: 0.96, trainSeconds: 1, dataSeconds: 0.1, curve: [], threads: 1 };
    const trainer = {
      environment: 'browser',
      disposed: 0,
      trained: [] as string[],
      async check(backend: string) {
        if (backend === 'webgpu') return { reason: 'no WebGPU adapter' };
        if (backend === 'webgl') return { setup: 'nnlab fit on webgl', device: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)' };
        return { setup: 'nnlab fit on wasm' };
      },
      async train(backend: string, r: Recipe, data: RecipeData) {
        trainer.trained.push(`${backend} ${r.name} ${data.source}`);
        return run;
      },
      async dispose() {
        trainer.disposed += 1;
      },
    };
    return trainer;
  }

  it('labels rows with the environment and a software renderer, passes the bench data, and reports unavailable backends', async () => {
    const trainer = fakeTrainer();
    const report = await runToAccuracy({
      recipes: [recipe],
      contenders: ['webgl', 'webgpu', 'wasm'].map((b) => remoteFitContender(b, trainer)),
      seeds: [0],
      loadData: async () => tinyData(),
    });
    expect(report.rows.map((r) => [r.contender, r.available, r.reason])).toEqual([
      ['webgl (browser, SwiftShader, software)', true, undefined],
      ['webgpu (browser)', false, 'no WebGPU adapter'],
      ['wasm (browser)', true, undefined],
    ]);
    expect(trainer.trained).toEqual(['webgl mnist-mlp tiny', 'wasm mnist-mlp tiny']);
    expect(report.contenders.find((c) => c.name.startsWith('webgl'))?.setup).toBe('nnlab fit on webgl');
    expect(trainer.disposed).toBe(3);
  });

  it('turns a failing check into a reason instead of throwing', async () => {
    const contender = remoteFitContender('webgl', { ...fakeTrainer(), check: () => Promise.reject(new Error('Target closed\nstack')) });
    expect(await contender.unavailableReason()).toBe('browser check failed: Target closed');
    expect(contender.name).toBe('webgl (browser)');
  });
});

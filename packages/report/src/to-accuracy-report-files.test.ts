import type { ToAccuracyReport } from '@nnlab/bench';
import { svgElements } from '@nnlab/testing';
import { describe, expect, it } from 'vitest';
import { toAccuracyReportFiles } from './to-accuracy-report-files.js';

const curve = [1, 2, 3].map((i) => ({ seconds: i, step: i * 10, epoch: i / 4, accuracy: 0.5 + i / 10 }));
const run = { reached: true, seconds: 2.5, steps: 30, epochs: 0.75, bestAccuracy: 0.8, trainSeconds: 3, dataSeconds: 0.1, curve, seed: 0 };
const report: ToAccuracyReport = {
  version: 1,
  kind: 'to-accuracy',
  startedAt: '2026-12-06T00:00:00Z',
  seconds: 4,
  seeds: [0],
  maxSeconds: 10,
  machine: { cpus: 2, cpuModel: 'test cpu', platform: 'linux', node: 'v20', loadAverage: [1, 1, 1] },
  recipes: [
    { name: 'mnist-mlp', description: 'an MLP on digits', target: 0.75, evalEvery: 10, batchSize: 64 },
    { name: 'skipped', description: 'not run', target: 0.9, evalEvery: 10, batchSize: 64, reason: 'no data' },
  ],
  contenders: [{ name: 'cpu', kind: 'nnlab' }],
  rows: [{ recipe: 'mnist-mlp', contender: 'cpu', kind: 'nnlab', available: true, seconds: 2.5, reachedRuns: 1, runs: 1, steps: 30, epochs: 0.75, bestAccuracy: 0.8, dataSeconds: 0.1, threads: null, seedRuns: [run] }],
};

describe('time-to-accuracy report', () => {
  it('charts each recipe that ran and adds the PNGs a rasteriser makes, index.html last', async () => {
    const seen: string[] = [];
    const { files, pngSkipped } = await toAccuracyReportFiles(report, {
      title: 'my run',
      rasterize: async (svgs) => {
        seen.push(...svgs);
        return svgs.map(() => new Uint8Array([137, 80, 78, 71]));
      },
    });
    expect(pngSkipped).toBeUndefined();
    expect(files.map((f) => f.name)).toEqual(['mnist-mlp.svg', 'mnist-mlp.png', 'index.html']);
    expect(seen).toEqual([files[0]?.data]);
    expect(svgElements(files[0]?.data as string)).toContain('path');
    const html = files[2]?.data as string;
    expect(html).toContain('<title>my run</title>');
    expect(html).toContain('src="mnist-mlp.png"');
    expect(html).toContain('nnlab cpu');
  });

  it('writes no PNG, and says why, without a rasteriser or when it fails', async () => {
    const without = await toAccuracyReportFiles(report);
    expect(without.pngSkipped).toBe('no SVG rasteriser was given (option rasterize)');
    expect(without.files.map((f) => f.name)).toEqual(['mnist-mlp.svg', 'index.html']);
    expect(without.files[1]?.data).not.toContain('.png');
    const failing = await toAccuracyReportFiles(report, {
      rasterize: () => Promise.reject(new Error('no browser here\nstack')),
    });
    expect(failing.pngSkipped).toBe('no browser here');
    const short = await toAccuracyReportFiles(report, { rasterize: async () => [] });
    expect(short.pngSkipped).toBe('the rasteriser returned 0 PNGs for 1 SVGs');
  });
});

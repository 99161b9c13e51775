import { Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { expandGrid, parseGrid, summarizeSweep, type TrainingJob, type TrialResult, completedTrial, failedTrial } from '@nnlab/sweeps';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { firstLayerFigure } from './first-layer-figure.js';
import { tileImages } from './image-grid.js';
import { learningCurveSpec } from './learning-curve-spec.js';
import { predictionFigure } from './prediction-figure.js';
import { renderSvg } from './render-svg.js';
import { sweepMetricSpec } from './sweep-metric-spec.js';
import { terminalLossPlot } from './terminal-loss-plot.js';
import { svgElements } from '@nnlab/testing';
import { type CurvePoint, curvesFromHistory } from './training-curves.js';

const points: CurvePoint[] = [
  { examples: 100, epoch: 0.5, split: 'train', loss: 2.1, error: 0.8 },
  { examples: 200, epoch: 1, split: 'train', loss: 1.2, error: 0.4 },
  { examples: 200, epoch: 1, split: 'validation', loss: 1.3, error: 0.42 },
  { examples: 300, epoch: 1.5, split: 'train', loss: 0.9, error: 0.3 },
  { examples: 400, epoch: 2, split: 'train', loss: 0.7, error: 0.2 },
  { examples: 400, epoch: 2, split: 'validation', loss: 0.8, error: 0.25 },
  { examples: 400, epoch: 2, split: 'test', loss: 0.85, error: 0.27 },
];

describe('learning curves', () => {
  it('renders train, validation and test curves against epochs to a well-formed SVG with a legend', async () => {
    const svg = await renderSvg(learningCurveSpec(points, 'error'));
    const elements = svgElements(svg);
    expect(elements[0]).toBe('svg');
    expect(elements.filter((e) => e === 'path').length).toBeGreaterThan(2);
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(3); // train, validation and test
    expect(svg).toContain("X-axis titled 'epoch'");
    expect(svg).not.toContain('examples seen');
    for (const split of ['train', 'validation', 'test']) expect(svg).toContain(`>${split}<`); // the legend
  });

  it('builds points from a History, one per split and epoch', () => {
    const log = { loss: 1, metrics: { accuracy: 0.5 }, accuracy: 0.5, validationLoss: 1.1, validationAccuracy: 0.6, learningRate: 1e-3, seconds: 1, samplesPerSec: 1, steps: 1 };
    expect(curvesFromHistory([{ ...log, epoch: 1 }, { ...log, epoch: 2, testLoss: 1.2, testAccuracy: 0.55 } as typeof log & { epoch: number }], 1000)).toEqual([
      { examples: 1000, epoch: 1, split: 'train', loss: 1, error: 0.5 },
      { examples: 1000, epoch: 1, split: 'validation', loss: 1.1, error: expect.closeTo(0.4, 12) },
      { examples: 2000, epoch: 2, split: 'train', loss: 1, error: 0.5 },
      { examples: 2000, epoch: 2, split: 'validation', loss: 1.1, error: expect.closeTo(0.4, 12) },
      { examples: 2000, epoch: 2, split: 'test', loss: 1.2, error: expect.closeTo(0.45, 12) },
    ]);
  });

  it('draws a compact terminal chart of the train loss', () => {
    const text = terminalLossPlot(points, { height: 4 });
    expect(text.split('\n')[0]).toBe('train loss over 2 epochs (400 examples)');
    expect(text).toContain('2.100');
    expect(text).toMatch(/[╭╮╰╯─]/);
    expect(terminalLossPlot(points.slice(0, 1))).toBe('');
  });
});

describe('image figures', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
  });

  it('tiles images into a grid of the right size and checks its input', () => {
    const grid = tileImages(new Float32Array(5 * 4 * 3).map((_, i) => i), 5, [4, 3, 1], { columns: 2, gap: 1 });
    expect([grid.width, grid.height]).toEqual([2 * (3 + 1) + 1, 3 * (4 + 1) + 1]);
    expect(grid.data[(1 * grid.width + 1) * 4]).toBe(0); // first image's first pixel is its minimum: black
    expect(() => tileImages(new Float32Array(10), 5, [4, 3, 1])).toThrow(/10 values do not hold 5 images of 4x3x1/);
  });

  it('draws test predictions as a captioned PNG and an SVG with the predicted and true class under each image', () => {
    const count = 12;
    const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
    const predicted = Int32Array.from(labels, (l, i) => (i === 3 ? (l + 1) % 10 : l));
    const images = new Float32Array(count * 28 * 28).map(() => Math.random());
    const { png, svg } = predictionFigure({ images, shape: [28, 28, 1], labels, predicted, classNames: ['zero', 'one'] }, { columns: 5 });
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([decoded.width, decoded.height]).toEqual([5 * (56 + 8) + 8, 3 * (56 + 8 + 20) + 8]);
    // The PNG's caption strips hold text: dark (right) or red (wrong) predicted classes, grey true ones.
    const strip = (row: number): number[] => Array.from({ length: decoded.width * 18 }, (_, i) => (8 + 56 + 2 + row * 84) * decoded.width * 4 + i * 4);
    const inked = strip(0).filter((o) => decoded.data[o] !== 255 || decoded.data[o + 1] !== 255).length;
    expect(inked).toBeGreaterThan(5 * 20);
    expect(strip(0).some((o) => decoded.data[o] === 192 && decoded.data[o + 1] === 57)).toBe(true); // image 3, wrong, in red
    const elements = svgElements(svg);
    expect(elements.filter((e) => e === 'text')).toHaveLength(1 + 2 * count); // title, predicted and true class per image
    expect(svg).toContain('1 wrong');
    expect(svg).toContain('>zero</text>'); // class names where the dataset has them
    expect(svg).toMatch(/fill="#c0392b">4<\/text><text [^>]*fill="#777">3<\/text>/); // image 3: predicted 4, true 3
    expect(svg).toContain('data:image/png;base64,');
  });

  it('draws each hidden unit of the first Linear layer as a 28x28 image', () => {
    const model = buildModel('mlp:784-12-10', { rng: new Rng(0) });
    try {
      const figure = firstLayerFigure(model, [28, 28, 1]);
      expect(figure).toMatchObject({ parameter: '1.weight', units: 12, shown: 12 });
      const decoded = PNG.sync.read(Buffer.from(figure?.png ?? []));
      expect([decoded.width, decoded.height]).toEqual([4 * 30 + 2, 3 * 30 + 2]); // ceil(sqrt(12)) = 4 columns
      expect([figure?.width, figure?.height]).toEqual([decoded.width, decoded.height]);
      expect(firstLayerFigure(model, [10, 10, 1])).toBeUndefined(); // 784 inputs are not 10x10 images
    } finally {
      model.dispose();
    }
  });
});

describe('sweep charts', () => {
  const base: TrainingJob = { model: 'mlp:784-{hidden}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true };
  const grids = ['lr=1e-4,1e-3,1e-2', 'hidden=8,16', 'weightDecay=0,1e-4,1e-3'].map(parseGrid);
  const plan = expandGrid({ base, grids });
  const results: TrialResult[] = plan.trials.map((trial, i) => {
    const log = { epoch: 1, loss: 1, metrics: { accuracy: 0.5 }, accuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5 + i / 100, learningRate: 1e-3, seconds: 1, samplesPerSec: 1, steps: 1 };
    return i === 5 ? failedTrial(trial, 'boom', 1) : completedTrial(trial, { history: [log] }, 1);
  });
  const summary = summarizeSweep({ sweepId: plan.sweepId, base, grids, metric: 'validationAccuracy', total: plan.trials.length, results, seconds: 1 });

  it('uses a log axis for values spanning decades, categories when they include 0, linear otherwise', () => {
    const encoding = (name: string) => (sweepMetricSpec(summary, name) as { layer: Array<{ encoding: { x: Record<string, unknown> } }> }).layer[0]?.encoding.x;
    expect(encoding('lr')).toMatchObject({ type: 'quantitative', scale: { type: 'log' } });
    expect(encoding('hidden')).toMatchObject({ type: 'quantitative' });
    expect(encoding('hidden')).toMatchObject({ type: 'quantitative', scale: { nice: false, padding: 14 }, axis: { format: '~g' } });
    expect((encoding('hidden') as { scale: Record<string, unknown> }).scale).not.toHaveProperty('type'); // linear
    expect(encoding('weightDecay')).toMatchObject({ type: 'ordinal', sort: ['0', '0.0001', '0.001'] });
  });

  it('plots only completed trials and renders to SVG with a point per trial', async () => {
    const spec = sweepMetricSpec(summary, 'lr') as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(17);
    const svg = await renderSvg(sweepMetricSpec(summary, 'lr'));
    expect(svgElements(svg)[0]).toBe('svg');
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(17);
  });
});

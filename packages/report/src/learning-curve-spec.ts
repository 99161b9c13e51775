import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from './training-curves.js';

/** Size and title of a chart. */
export interface ChartOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A Vega-Lite spec of train, validation and test `loss` or `error`
 * (1 - accuracy) against epochs (fractions of an epoch for the training
 * batches), the labs' learning-curve figure, with a legend of the splits. A pure function of the points, so
 * the same chart renders in Node (`renderSvg`) and in a browser (vega-embed).
 *
 * @example
 * const svg = await renderSvg(learningCurveSpec(recorder.points(), 'error'));
 */
export function learningCurveSpec(points: readonly CurvePoint[], quantity: 'loss' | 'error', options: ChartOptions = {}): TopLevelSpec {
  const values = points.filter((p) => Number.isFinite(p[quantity])).map((p) => ({ epoch: p.epoch, split: p.split, value: p[quantity] }));
  const splits = (['train', 'validation', 'test'] as const).filter((s) => points.some((p) => p.split === s));
  const label = quantity === 'loss' ? 'loss' : 'error (1 - accuracy)';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? `${label} per epoch`,
    width: options.width ?? 480,
    height: options.height ?? 280,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: '~g', tickMinStep: 1 }, scale: { nice: false, padding: 8 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: label,
        ...(quantity === 'error' ? { axis: { format: '.1%' } } : {}),
        scale: { zero: false },
      },
      color: {
        field: 'split',
        type: 'nominal',
        title: null,
        scale: { domain: splits, range: splits.map((s) => ({ train: '#4c78a8', validation: '#f58518', test: '#e45756' })[s]) },
        legend: { orient: 'top-right' },
      },
    },
  };
}

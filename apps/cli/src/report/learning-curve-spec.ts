import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from './training-curves.js';

/** Size and title of a chart. */
export interface ChartOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A Vega-Lite spec of train and test `loss` or `error` (1 - accuracy)
 * against examples seen, the labs' learning-curve figure: the train curve
 * as a line, test points joined by a line. A pure function of the points, so
 * the same chart renders in Node (`renderSvg`) and in a browser (vega-embed).
 *
 * @example
 * const svg = await renderSvg(learningCurveSpec(recorder.points(), 'error'));
 */
export function learningCurveSpec(points: readonly CurvePoint[], quantity: 'loss' | 'error', options: ChartOptions = {}): TopLevelSpec {
  const values = points.filter((p) => Number.isFinite(p[quantity])).map((p) => ({ examples: p.examples, split: p.split, value: p[quantity] }));
  const label = quantity === 'loss' ? 'loss' : 'error (1 - accuracy)';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? `train and test ${label} against examples seen`,
    width: options.width ?? 480,
    height: options.height ?? 280,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'examples', type: 'quantitative', title: 'examples seen', axis: { format: '~s' } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: label,
        ...(quantity === 'error' ? { axis: { format: '.1%' } } : {}),
        scale: { zero: false },
      },
      color: { field: 'split', type: 'nominal', title: null, scale: { domain: ['train', 'test'], range: ['#4c78a8', '#e45756'] } },
    },
  };
}

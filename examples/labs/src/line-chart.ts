import { writeFile } from 'node:fs/promises';
import { renderSvg } from '@nnlab/report';

/** One point of a {@link lineChartSvg} series. */
export interface SeriesPoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/** Titles of a {@link lineChartSvg}. */
export interface LineChartOptions {
  readonly title: string;
  readonly x: string;
  readonly y: string;
}

/**
 * Renders one line per series (e.g. test accuracy per epoch of every
 * variant) to an SVG document with the CLI's Vega renderer (`renderSvg`),
 * so labs draw their figures the way `nnlab train --report` does.
 *
 * @example
 * await writeLineChart('accuracy.svg', [{ series: 'adam', x: 1, y: 93.1 }], { title: 'test accuracy', x: 'epoch', y: '%' });
 */
export async function lineChartSvg(points: readonly SeriesPoint[], options: LineChartOptions): Promise<string> {
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: 560,
    height: 320,
    data: { values: points.filter((p) => Number.isFinite(p.y)).map((p) => ({ ...p })) },
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.x },
      y: { field: 'y', type: 'quantitative', title: options.y, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
    },
  });
}

/** {@link lineChartSvg} written to `path`; returns the path. */
export async function writeLineChart(path: string, points: readonly SeriesPoint[], options: LineChartOptions): Promise<string> {
  await writeFile(path, await lineChartSvg(points, options));
  return path;
}

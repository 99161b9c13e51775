import { plot } from 'asciichart';
import type { CurvePoint } from './training-curves.js';

/**
 * A compact text chart of the training loss against examples seen (with
 * asciichart), for the end of `nnlab train` in a terminal: the train curve
 * averaged into at most `width` columns, `height` rows tall. Empty when
 * there are fewer than two points.
 *
 * @example
 * output.stdout.write(terminalLossPlot(recorder.points()));
 */
export function terminalLossPlot(points: readonly CurvePoint[], options: { readonly width?: number; readonly height?: number } = {}): string {
  const width = options.width ?? 60;
  const train = points.filter((p) => p.split === 'train' && Number.isFinite(p.loss));
  if (train.length < 2) return '';
  const columns = Math.min(width, train.length);
  const series: number[] = [];
  for (let c = 0; c < columns; c++) {
    const slice = train.slice(Math.floor((c * train.length) / columns), Math.floor(((c + 1) * train.length) / columns));
    series.push(slice.reduce((sum, p) => sum + p.loss, 0) / slice.length);
  }
  const last = train[train.length - 1] as CurvePoint;
  const chart = plot(series, { height: options.height ?? 8, format: (x: number) => x.toFixed(3).padStart(7) });
  return `train loss over ${Number(last.epoch.toFixed(2))} epoch${last.epoch === 1 ? '' : 's'} (${last.examples.toLocaleString('en-US')} examples)\n${chart}\n`;
}

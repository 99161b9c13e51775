import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SweepSummary } from '@nnlab/sweeps';
import { writeFileAtomic } from '../write-file-atomic.js';
import { renderSvg } from './render-svg.js';
import { type ReportFigure, reportIndexHtml } from './report-index-html.js';
import { sweepCurvesSpec, sweepMetricSpec } from './sweep-metric-spec.js';

/** The file name of the chart of `metric` against `parameter`. */
export function sweepChartFile(metric: string, parameter: string): string {
  return `${metric}-vs-${parameter.replace(/[^A-Za-z0-9_-]/g, '_')}.svg`;
}

/**
 * Writes a sweep's figures into `dir`: one `METRIC-vs-PARAMETER.svg` per
 * swept parameter, `curves.svg` (every trial's metric per epoch) and
 * `index.html` showing them with the best trial. Returns the files written.
 *
 * @example
 * await writeSweepReport('sweep-out', summary);
 */
export async function writeSweepReport(dir: string, summary: SweepSummary): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const figures: ReportFigure[] = [];
  for (const grid of summary.grids) {
    const file = sweepChartFile(summary.metric, grid.name);
    await writeFileAtomic(join(dir, file), await renderSvg(sweepMetricSpec(summary, grid.name)));
    figures.push({ file, title: `${summary.metric} against ${grid.name}`, caption: `One point per completed trial; the line joins the mean at each value of ${grid.name}.` });
  }
  await writeFileAtomic(join(dir, 'curves.svg'), await renderSvg(sweepCurvesSpec(summary)));
  figures.push({ file: 'curves.svg', title: 'Learning curves', caption: 'Each completed trial, epoch by epoch.' });
  const best = summary.best;
  const details: Record<string, string> = {
    sweep: summary.sweepId,
    model: summary.base.model,
    dataset: summary.base.dataset,
    trials: `${summary.total} (${summary.completed} completed, ${summary.failed} failed${summary.pending > 0 ? `, ${summary.pending} not run` : ''})`,
    metric: `${summary.metric} (${summary.order === 'descending' ? 'higher' : 'lower'} is better)`,
    best: best === null ? 'none' : `${Object.entries(best.parameters).map(([k, v]) => `${k}=${String(v)}`).join(' ')}: ${best.value.toFixed(4)}`,
    'results': 'results.csv, results.json',
  };
  await writeFileAtomic(join(dir, 'index.html'), reportIndexHtml(`nnlab sweep ${summary.sweepId}`, figures, details));
  return [...figures.map((f) => join(dir, f.file)), join(dir, 'index.html')];
}

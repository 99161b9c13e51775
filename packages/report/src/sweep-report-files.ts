import type { SweepSummary } from '@nnlab/sweeps';
import { renderSvg } from './render-svg.js';
import type { ReportFile } from './report-file.js';
import { type ReportFigure, reportIndexHtml } from './report-index-html.js';
import { sweepCurvesSpec, sweepMetricSpec } from './sweep-metric-spec.js';

/** The file name of the chart of `metric` against `parameter`. */
export function sweepChartFile(metric: string, parameter: string): string {
  return `${metric}-vs-${parameter.replace(/[^A-Za-z0-9_-]/g, '_')}.svg`;
}

/** Options of {@link sweepReportFiles}. */
export interface SweepReportOptions {
  /** The page's title (default `sweep ID`). */
  readonly title?: string;
}

/**
 * A sweep's report, in memory: one `METRIC-vs-PARAMETER.svg` per swept
 * parameter, `curves.svg` (every trial's metric per epoch) and `index.html`
 * (last) showing them with the best trial. `writeSweepReport` from
 * `@nnlab/report/node` writes them to a folder.
 *
 * @example
 * const files = await sweepReportFiles(summary);
 */
export async function sweepReportFiles(summary: SweepSummary, options: SweepReportOptions = {}): Promise<ReportFile[]> {
  const figures: ReportFigure[] = [];
  const files: ReportFile[] = [];
  for (const grid of summary.grids) {
    const file = sweepChartFile(summary.metric, grid.name);
    files.push({ name: file, data: await renderSvg(sweepMetricSpec(summary, grid.name)) });
    figures.push({ file, title: `${summary.metric} against ${grid.name}`, caption: `One point per completed trial; the line joins the mean at each value of ${grid.name}.` });
  }
  files.push({ name: 'curves.svg', data: await renderSvg(sweepCurvesSpec(summary)) });
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
  files.push({ name: 'index.html', data: reportIndexHtml(options.title ?? `sweep ${summary.sweepId}`, figures, details) });
  return files;
}

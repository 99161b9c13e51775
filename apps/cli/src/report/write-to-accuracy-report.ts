import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ToAccuracyReport } from '@nnlab/bench';
import { findChromium } from '../browser/find-chromium.js';
import { launchChromium } from '../browser/launch-chromium.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { renderSvg } from './render-svg.js';
import { type ReportFigure, reportIndexHtml } from './report-index-html.js';
import { toAccuracySpec } from './to-accuracy-spec.js';

/** What {@link writeToAccuracyReport} wrote. */
export interface ToAccuracyReportFiles {
  readonly files: string[];
  /** Why no PNG was written (no Chromium here), or undefined when every chart has one. */
  readonly pngSkipped?: string;
}

/**
 * Rasterises SVG documents to PNG files with headless Chromium (the
 * browser the CLI already drives for `--browser`; Vega's own PNG output
 * needs the native `canvas` package, which nnlab does not install).
 */
async function svgsToPngs(jobs: ReadonlyArray<{ svg: string; path: string }>): Promise<string | undefined> {
  const chromium = findChromium();
  if (chromium.path === undefined) return chromium.reason;
  const browser = await launchChromium(chromium.path);
  try {
    const page = await browser.context.newPage();
    for (const job of jobs) {
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${job.svg}</body></html>`);
      await page.locator('svg').first().screenshot({ path: job.path });
    }
    return undefined;
  } finally {
    await browser.close();
  }
}

/**
 * Writes the charts of a time-to-accuracy report into `dir`: per recipe
 * `<recipe>.svg` and `<recipe>.png` (test accuracy against wall-clock
 * seconds, one line per backend/peer), and `index.html` showing both with
 * the run's details.
 *
 * @example
 * const { files } = await writeToAccuracyReport('bench-to-accuracy', report);
 */
export async function writeToAccuracyReport(dir: string, report: ToAccuracyReport): Promise<ToAccuracyReportFiles> {
  await mkdir(dir, { recursive: true });
  const figures: ReportFigure[] = [];
  const files: string[] = [];
  const pngs: Array<{ svg: string; path: string }> = [];
  for (const recipe of report.recipes.filter((r) => r.reason === undefined)) {
    const svg = await renderSvg(toAccuracySpec(report, recipe.name));
    await writeFileAtomic(join(dir, `${recipe.name}.svg`), svg);
    files.push(join(dir, `${recipe.name}.svg`));
    const caption = `${recipe.description}. Each line is a backend's or peer's median seed; a point is one evaluation of the whole test set (every ${recipe.evalEvery} steps). Dashed: the target.`;
    figures.push({ file: `${recipe.name}.svg`, title: `${recipe.name} (SVG)`, caption });
    figures.push({ file: `${recipe.name}.png`, title: `${recipe.name} (PNG)` });
    pngs.push({ svg, path: join(dir, `${recipe.name}.png`) });
  }
  let pngSkipped: string | undefined;
  try {
    pngSkipped = pngs.length === 0 ? undefined : await svgsToPngs(pngs);
  } catch (error) {
    pngSkipped = `headless Chromium failed: ${(error as Error).message.split('\n')[0]}`;
  }
  if (pngSkipped === undefined) files.push(...pngs.map((p) => p.path));
  const shown = pngSkipped === undefined ? figures : figures.filter((f) => !f.file.endsWith('.png'));
  const m = report.machine;
  const details: Record<string, string> = {
    started: report.startedAt,
    machine: `${m.cpus} x ${m.cpuModel}, Node ${m.node}`,
    'load average': `${m.loadAverage.join(' ')} at the start${m.loadAverageEnd === undefined ? '' : `, ${m.loadAverageEnd.join(' ')} at the end`}`,
    seeds: `${report.seeds.join(', ')} (interleaved; rows are medians)`,
    cap: `${report.maxSeconds} s of training per run`,
  };
  const tables = report.recipes.map((recipe) => ({
    title: `${recipe.name}: time to ${(recipe.target * 100).toFixed(1)}%`,
    header: ['backend/peer', 'time to target (s)', 'reached', 'steps', 'epochs', 'best accuracy'],
    rows: report.rows
      .filter((r) => r.recipe === recipe.name)
      .map((r) => [
        r.kind === 'peer' ? r.contender : `nnlab ${r.contender}`,
        !r.available ? (r.reason ?? 'not run') : r.seconds === null ? 'not reached' : r.seconds.toFixed(1),
        `${r.reachedRuns}/${r.runs}`,
        r.steps === null ? '-' : String(Math.round(r.steps)),
        r.epochs === null ? '-' : r.epochs.toFixed(2),
        r.bestAccuracy === null ? '-' : `${(r.bestAccuracy * 100).toFixed(2)}%`,
      ]),
  }));
  await writeFileAtomic(join(dir, 'index.html'), reportIndexHtml('nnlab bench --to-accuracy', shown, details, tables));
  files.push(join(dir, 'index.html'));
  return { files, ...(pngSkipped === undefined ? {} : { pngSkipped }) };
}

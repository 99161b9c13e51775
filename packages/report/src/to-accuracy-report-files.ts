import type { ToAccuracyReport } from '@nnlab/bench';
import { renderSvg } from './render-svg.js';
import type { ReportFile } from './report-file.js';
import { type ReportFigure, reportIndexHtml } from './report-index-html.js';
import { toAccuracySpec } from './to-accuracy-spec.js';

/**
 * Turns SVG documents into PNG bytes, one per SVG in order (Vega's own PNG
 * output needs the native `canvas` package, so the caller brings a
 * rasteriser: the CLI's uses headless Chromium). Throws, with a message
 * saying why, when it cannot.
 */
export type SvgRasterizer = (svgs: readonly string[]) => Promise<Uint8Array[]>;

/** Options of {@link toAccuracyReportFiles}. */
export interface ToAccuracyReportOptions {
  /** Makes a PNG of each chart; without it only the SVGs are written. */
  readonly rasterize?: SvgRasterizer;
  /** The page's title (default `time to accuracy`). */
  readonly title?: string;
}

/** What {@link toAccuracyReportFiles} made. */
export interface ToAccuracyReportFiles {
  /** The SVGs, the PNGs when made, and `index.html` last. */
  readonly files: ReportFile[];
  /** Why no PNG was made (no rasteriser given, or its error), or undefined when every chart has one. */
  readonly pngSkipped?: string;
}

/**
 * The charts of a time-to-accuracy report, in memory: per recipe
 * `<recipe>.svg` and `<recipe>.png` (test accuracy against wall-clock
 * seconds, one line per backend/peer), and `index.html` showing both with
 * the run's details. `writeToAccuracyReport` from `@nnlab/report/node`
 * writes them to a folder.
 *
 * @example
 * const { files, pngSkipped } = await toAccuracyReportFiles(report, { rasterize });
 */
export async function toAccuracyReportFiles(report: ToAccuracyReport, options: ToAccuracyReportOptions = {}): Promise<ToAccuracyReportFiles> {
  const figures: ReportFigure[] = [];
  const files: ReportFile[] = [];
  const svgs: string[] = [];
  const pngNames: string[] = [];
  for (const recipe of report.recipes.filter((r) => r.reason === undefined)) {
    const svg = await renderSvg(toAccuracySpec(report, recipe.name));
    files.push({ name: `${recipe.name}.svg`, data: svg });
    const caption = `${recipe.description}. Each line is a backend's or peer's median seed; a point is one evaluation of the whole test set (every ${recipe.evalEvery} steps). Dashed: the target.`;
    figures.push({ file: `${recipe.name}.svg`, title: `${recipe.name} (SVG)`, caption });
    figures.push({ file: `${recipe.name}.png`, title: `${recipe.name} (PNG)` });
    svgs.push(svg);
    pngNames.push(`${recipe.name}.png`);
  }
  let pngSkipped: string | undefined;
  if (svgs.length > 0) {
    if (options.rasterize === undefined) pngSkipped = 'no SVG rasteriser was given (option rasterize)';
    else {
      try {
        const pngs = await options.rasterize(svgs);
        if (pngs.length !== svgs.length) throw new Error(`the rasteriser returned ${pngs.length} PNGs for ${svgs.length} SVGs`);
        pngs.forEach((png, i) => files.push({ name: pngNames[i] as string, data: png }));
      } catch (error) {
        pngSkipped = (error as Error).message.split('\n')[0];
      }
    }
  }
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
  files.push({ name: 'index.html', data: reportIndexHtml(options.title ?? 'time to accuracy', shown, details, tables) });
  return { files, ...(pngSkipped === undefined ? {} : { pngSkipped }) };
}

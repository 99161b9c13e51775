import type { ToAccuracyReport } from '@nnlab/bench';
import { type ToAccuracyReportOptions, toAccuracyReportFiles } from './to-accuracy-report-files.js';
import { writeReportFiles } from './write-report-files.js';

/** What {@link writeToAccuracyReport} wrote. */
export interface WrittenToAccuracyReport {
  /** Paths of the files written, `index.html` last. */
  readonly files: string[];
  /** Why no PNG was written, or undefined when every chart has one. */
  readonly pngSkipped?: string;
}

/**
 * Writes the charts of a time-to-accuracy report into `dir` (created if
 * needed): the files of {@link toAccuracyReportFiles}.
 *
 * @example
 * const { files, pngSkipped } = await writeToAccuracyReport('bench-to-accuracy', report, { rasterize });
 */
export async function writeToAccuracyReport(dir: string, report: ToAccuracyReport, options: ToAccuracyReportOptions = {}): Promise<WrittenToAccuracyReport> {
  const { files, pngSkipped } = await toAccuracyReportFiles(report, options);
  const paths = await writeReportFiles(dir, files);
  return { files: paths, ...(pngSkipped === undefined ? {} : { pngSkipped }) };
}

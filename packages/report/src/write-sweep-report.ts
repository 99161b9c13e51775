import type { SweepSummary } from '@nnlab/sweeps';
import { type SweepReportOptions, sweepReportFiles } from './sweep-report-files.js';
import { writeReportFiles } from './write-report-files.js';

/**
 * Writes a sweep's report into `dir` (created if needed): the files of
 * {@link sweepReportFiles}, `index.html` last. Returns the paths written.
 *
 * @example
 * await writeSweepReport('sweep-out', summary);
 */
export async function writeSweepReport(dir: string, summary: SweepSummary, options: SweepReportOptions = {}): Promise<string[]> {
  return writeReportFiles(dir, await sweepReportFiles(summary, options));
}

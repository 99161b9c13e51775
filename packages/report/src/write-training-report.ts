import { type TrainingReportInput, trainingReportFiles } from './training-report-files.js';
import { writeReportFiles } from './write-report-files.js';

/**
 * Writes a training run's report into `dir` (created if needed): the files
 * of {@link trainingReportFiles} (learning curves, confusion matrix,
 * prediction grid, first-layer weights, `index.html` last). Returns the
 * paths written.
 *
 * @example
 * const paths = await writeTrainingReport('report', { title: 'mlp on mnist-10k', curves: curvesFromHistory(history.epochs, 8000), model, inputShape: [28, 28, 1] });
 */
export async function writeTrainingReport(dir: string, input: TrainingReportInput): Promise<string[]> {
  return writeReportFiles(dir, await trainingReportFiles(input));
}

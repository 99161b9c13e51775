import type { Module } from '@nnlab/layers';
import { firstLayerFigure } from './first-layer-figure.js';
import { learningCurveSpec } from './learning-curve-spec.js';
import { type LabelledImages, predictionFigure } from './prediction-figure.js';
import { renderSvg } from './render-svg.js';
import { type ConfusionMatrix, confusionMatrixSpec } from './confusion-matrix.js';
import { type ReportFigure, type ReportTable, reportIndexHtml } from './report-index-html.js';
import type { ReportFile } from './report-file.js';
import type { CurvePoint } from './training-curves.js';

/** What {@link trainingReportFiles} draws. */
export interface TrainingReportInput {
  readonly title: string;
  /** Run details shown as a table (model, dataset, final accuracy, ...). */
  readonly details?: Readonly<Record<string, string>>;
  readonly curves: readonly CurvePoint[];
  /** Test images with labels and predictions, for the prediction grid. */
  readonly predictions?: LabelledImages;
  /** The trained model, for the first layer's weights. */
  readonly model?: Module;
  readonly inputShape?: readonly [number, number, number];
  /** The test split's confusion matrix and per-class accuracy. */
  readonly confusion?: ConfusionMatrix;
}

/**
 * The files of a training run's report, in memory (so it runs in a browser
 * too; `writeTrainingReport` from `@nnlab/report/node` writes them to a
 * folder): `loss.svg` and `error.svg` (train, validation and test against
 * examples seen), `confusion.svg` with a confusion matrix, `predictions.png`
 * + `predictions.svg` (test images with predicted and true labels),
 * `first-layer.png` (the first layer's weights as images), and `index.html`
 * showing them all, last.
 *
 * @example
 * const files = await trainingReportFiles({ title: 'mlp on mnist-10k', curves: curvesFromHistory(history.epochs, 8000) });
 */
export async function trainingReportFiles(input: TrainingReportInput): Promise<ReportFile[]> {
  const figures: ReportFigure[] = [];
  const files: ReportFile[] = [];
  const write = (name: string, data: string | Uint8Array): void => {
    files.push({ name, data });
  };

  write('loss.svg', await renderSvg(learningCurveSpec(input.curves, 'loss', { title: 'loss per epoch' })));
  figures.push({ file: 'loss.svg', title: 'Loss', caption: 'Mean cross-entropy of the training batches (averaged over each 1/20 of an epoch), of the validation split after each epoch, and of the test split (scored after training, or after every epoch when the run asks for it).' });
  write('error.svg', await renderSvg(learningCurveSpec(input.curves, 'error', { title: 'error (1 - accuracy) per epoch' })));
  figures.push({ file: 'error.svg', title: 'Error', caption: 'Fraction of examples misclassified: training batches, validation split, test split.' });
  const tables: ReportTable[] = [];
  if (input.confusion !== undefined) {
    write('confusion.svg', await renderSvg(confusionMatrixSpec(input.confusion)));
    figures.push({ file: 'confusion.svg', title: 'Confusion matrix', caption: 'Test examples by true class (rows) and predicted class (columns); the colour is the share of the row, the diagonal each class\'s accuracy.' });
    tables.push({
      title: 'Per-class accuracy (test split)',
      header: ['class', 'examples', 'correct', 'accuracy'],
      rows: input.confusion.perClass.map((c) => [c.class, String(c.examples), String(c.correct), c.accuracy === null ? '-' : `${(c.accuracy * 100).toFixed(2)}%`]),
    });
  }

  if (input.predictions !== undefined) {
    const { png, svg } = predictionFigure(input.predictions);
    write('predictions.png', png);
    write('predictions.svg', svg);
    figures.push({ file: 'predictions.svg', title: 'Test predictions', caption: 'Each caption is "predicted / true"; red frames and captions mark mistakes.' });
  }
  if (input.model !== undefined && input.inputShape !== undefined) {
    const weights = firstLayerFigure(input.model, input.inputShape);
    if (weights !== undefined) {
      write('first-layer.png', weights.png);
      figures.push({
        file: 'first-layer.png',
        title: 'First layer weights',
        caption: `Parameter ${weights.parameter}: ${weights.shown === weights.units ? `all ${weights.units}` : `${weights.shown} of ${weights.units}`} units, each unit's input weights as an image (gray = 0, white positive, black negative).`,
        pixelated: true,
        // Small weight images are shown enlarged, up to about 800 CSS pixels wide.
        width: weights.width * Math.max(1, Math.min(4, Math.floor(800 / weights.width))),
      });
    }
  }
  write('index.html', reportIndexHtml(input.title, figures, input.details, tables));
  return files;
}

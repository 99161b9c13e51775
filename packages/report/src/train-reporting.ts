import type { ImageDataset } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { type BatchSource, type Callback, type EpochLog, predictClasses } from '@nnlab/trainers';
import type { ConfusionMatrix } from './confusion-matrix.js';
import { terminalLossPlot } from './terminal-loss-plot.js';
import { type CurvePoint, curvesFromHistory, recordTrainingCurves } from './training-curves.js';
import { writeTrainingReport } from './write-training-report.js';

/** What {@link createTrainReporting} makes of a run. */
export interface TrainReportingOptions {
  /** A folder to write the report into; none when undefined. */
  readonly report?: string;
  /** Print the loss curve even when `stdout` is not a terminal. */
  readonly plot?: boolean;
}

/** Where {@link createTrainReporting} prints the loss curve and the report's location. */
export interface TrainReportingOutput {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** What a finished run hands over to draw its figures. */
export interface TrainReportingResult {
  readonly model: Module;
  /** The (normalised) test split, and batches of it as the model takes them. */
  readonly test: ImageDataset;
  readonly testBatches: BatchSource;
  readonly title: string;
  readonly details?: Readonly<Record<string, string>>;
  /** The test split's confusion matrix, drawn as a figure with a per-class accuracy table. */
  readonly confusion?: ConfusionMatrix;
  /** The test split's loss and accuracy after training, drawn at the last epoch when it was not scored every epoch. */
  readonly finalTest?: { readonly loss: number; readonly accuracy: number; readonly epoch: number };
  /**
   * The whole run's epochs, including those before it resumed from a checkpoint: epochs this
   * process did not see are drawn from their epoch means.
   */
  readonly history?: readonly EpochLog[];
}

/** Created by {@link createTrainReporting}: a callback for `fit`, and what to do once training ends. */
export interface TrainReporting {
  readonly callback: Callback;
  finish(result: TrainReportingResult): Promise<void>;
}

const PREDICTIONS_SHOWN = 100;

/**
 * The figures and terminal chart of a training run (those of `nnlab
 * train`): records learning curves while training; at the end prints a
 * loss curve to `output.stdout` (when it is a terminal or `plot` is set)
 * and writes the report into the `report` folder when given. Undefined
 * when neither is wanted.
 *
 * @example
 * const reporting = createTrainReporting(options, output, train.count);
 * // fit(..., { callbacks: [...callbacks, ...(reporting ? [reporting.callback] : [])] })
 * await reporting?.finish({ model, test, testBatches: testLoader, title: 'nnlab train' });
 */
export function createTrainReporting(options: TrainReportingOptions, output: TrainReportingOutput, trainExamples: number): TrainReporting | undefined {
  const plot = options.plot === true || output.stdout.isTTY === true;
  if (!plot && options.report === undefined) return undefined;
  const recorder = recordTrainingCurves({ trainExamples });
  return {
    callback: recorder.callback,
    async finish(result) {
      const recorded = recorder.points();
      const firstSeen = recorded[0]?.examples ?? Infinity;
      const earlier = curvesFromHistory(result.history ?? [], trainExamples).filter((p) => p.examples < firstSeen);
      const tested = curvesFromHistory(result.history ?? [], trainExamples).filter((p) => p.split === 'test');
      const final = result.finalTest;
      const finalPoint: CurvePoint[] =
        final === undefined || tested.some((p) => p.epoch === final.epoch) ? [] : [{ examples: final.epoch * trainExamples, epoch: final.epoch, split: 'test', loss: final.loss, error: 1 - final.accuracy }];
      const curves: CurvePoint[] = [...earlier, ...recorded, ...tested.filter((p) => p.examples >= firstSeen), ...finalPoint];
      if (plot) output.stdout.write(terminalLossPlot(curves));
      if (options.report === undefined) return;
      let predictions;
      for (const batch of result.testBatches) {
        try {
          const predicted = (await predictClasses(result.model, batch.x)).slice(0, PREDICTIONS_SHOWN);
          const size = result.test.shape[0] * result.test.shape[1] * result.test.shape[2];
          predictions = {
            images: result.test.images.subarray(0, predicted.length * size),
            shape: result.test.shape,
            labels: result.test.labels.subarray(0, predicted.length),
            predicted,
            ...(result.test.classNames === undefined ? {} : { classNames: result.test.classNames }),
          };
        } finally {
          batch.x.dispose();
          batch.y.dispose();
        }
        break;
      }
      const files = await writeTrainingReport(options.report, {
        title: result.title,
        curves,
        model: result.model,
        inputShape: result.test.shape,
        ...(result.details === undefined ? {} : { details: result.details }),
        ...(predictions === undefined ? {} : { predictions }),
        ...(result.confusion === undefined ? {} : { confusion: result.confusion }),
      });
      output.stdout.write(`report: ${files.length} files in ${options.report} (open ${files[files.length - 1]})\n`);
    },
  };
}

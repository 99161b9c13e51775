import type { Callback, EvaluationResult } from '@nnlab/trainers';
import type { Output } from './output.js';

/** Options of {@link epochLineCallback}. */
export interface EpochLineOptions {
  /** Epochs of the whole run (for the `epoch 3/10` column). */
  readonly epochs: number;
  /** Scores the test split; given only with `--test-every-epoch`. */
  readonly scoreTest?: () => EvaluationResult | Promise<EvaluationResult>;
}

/**
 * Prints `nnlab train`'s line per epoch (training loss and accuracy, the
 * validation split's, the test split's when scored every epoch, time and
 * speed) and keeps each epoch's test scores for the JSON history.
 */
export function epochLineCallback(output: Output, options: EpochLineOptions): Callback & { readonly testScores: Map<number, EvaluationResult> } {
  const testScores = new Map<number, EvaluationResult>();
  const width = String(options.epochs).length;
  return {
    testScores,
    async onEpochEnd(log) {
      const test = options.scoreTest === undefined ? undefined : await options.scoreTest();
      if (test !== undefined) testScores.set(log.epoch, test);
      const validation =
        log.validationLoss === undefined ? '' : `val loss ${log.validationLoss.toFixed(4)}  val acc ${((log.validationAccuracy ?? Number.NaN) * 100).toFixed(2)}%  `;
      const tested = test === undefined ? '' : `test loss ${test.loss.toFixed(4)}  test acc ${((test.accuracy ?? Number.NaN) * 100).toFixed(2)}%  `;
      output.stdout.write(
        `epoch ${String(log.epoch).padStart(width)}/${options.epochs}  loss ${log.loss.toFixed(4)}  acc ${((log.accuracy ?? Number.NaN) * 100).toFixed(2)}%  ${validation}${tested}` +
          `${log.seconds.toFixed(1)}s  ${Math.round(log.samplesPerSec).toLocaleString('en-US')} samples/s\n`,
      );
    },
  };
}

import type { EpochLog, EvaluationResult } from '@nnlab/trainers';

/** An epoch of a training run, with the test split's scores where they were measured that epoch. */
export type EpochRow = EpochLog & { readonly testLoss?: number; readonly testAccuracy?: number };

const COLUMNS = ['epoch', 'loss', 'accuracy', 'validationLoss', 'validationAccuracy', 'testLoss', 'testAccuracy', 'learningRate', 'seconds', 'samplesPerSec', 'steps'] as const;

/**
 * The CSV text of a run's epochs: a header, then one row per epoch; empty
 * cells where a value was not measured (no validation split, the test split
 * not scored that epoch) or is not finite.
 *
 * @example
 * epochsCsv(history.epochs); // 'epoch,loss,accuracy,...\n1,0.41,0.88,...\n'
 */
export function epochsCsv(epochs: readonly EpochRow[]): string {
  const cell = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '' : String(value));
  return [COLUMNS.join(','), ...epochs.map((e) => COLUMNS.map((c) => cell(e[c])).join(','))].join('\n') + '\n';
}

/**
 * A run's epochs with each one's test scores added where they were measured
 * (`scores` by epoch number), as {@link epochsCsv} and the training report take them.
 *
 * @example
 * withTestScores(history.epochs, new Map([[3, await evaluate(model, testLoader)]]));
 */
export function withTestScores(history: readonly EpochLog[], scores: ReadonlyMap<number, EvaluationResult>): EpochRow[] {
  return history.map((log) => {
    const test = scores.get(log.epoch);
    return test === undefined ? log : { ...log, testLoss: test.loss, testAccuracy: test.accuracy };
  });
}

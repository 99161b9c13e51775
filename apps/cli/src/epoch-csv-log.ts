import type { Callback, EpochLog } from '@nnlab/trainers';
import type { TrainEpochLog } from './epoch-line-callback.js';
import { writeFileAtomic } from '@nnlab/core/node';

const COLUMNS = ['epoch', 'loss', 'accuracy', 'validationLoss', 'validationAccuracy', 'testLoss', 'testAccuracy', 'learningRate', 'seconds', 'samplesPerSec', 'steps'] as const;

/** The CSV text of a run's epochs: a header, then one row per epoch; empty cells where a value was not measured. */
export function epochsCsv(epochs: readonly TrainEpochLog[]): string {
  const cell = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '' : String(value));
  return [COLUMNS.join(','), ...epochs.map((e) => COLUMNS.map((c) => cell(e[c])).join(','))].join('\n') + '\n';
}

/**
 * `nnlab train --log FILE`: after every epoch, rewrites FILE (atomically,
 * so a reader never sees half a file) with one CSV row per epoch so far,
 * including those before a `--resume`; `testScores` adds the test split's
 * columns for epochs where it was scored.
 */
export function epochCsvLog(path: string, earlier: readonly EpochLog[], withTest: (epochs: readonly EpochLog[]) => TrainEpochLog[]): Callback {
  const epochs: EpochLog[] = [...earlier];
  return {
    async onEpochEnd(log) {
      epochs.push(log);
      await writeFileAtomic(path, epochsCsv(withTest(epochs)));
    },
  };
}

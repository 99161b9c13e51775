import type { Callback, EpochLog } from '@nnlab/trainers';
import { writeFileAtomic } from '@nnlab/core/node';
import { type EpochRow, epochsCsv } from './epochs-csv.js';

/** Options of {@link epochCsvLog}. */
export interface EpochCsvLogOptions {
  /** Epochs before this run (a resumed run's), written first. */
  readonly earlier?: readonly EpochLog[];
  /** Turns the epochs so far into rows, e.g. adding test scores with `withTestScores`; default: as they are. */
  readonly rows?: (epochs: readonly EpochLog[]) => EpochRow[];
}

/**
 * A `fit` callback that, after every epoch, rewrites `path` (atomically, so
 * a reader never sees half a file) with one CSV row per epoch so far
 * ({@link epochsCsv}), the `earlier` ones included: Keras' `CSVLogger`.
 * `nnlab train --log FILE` uses it.
 *
 * @example
 * await fit(model, optimizer, { train, epochs: 5, callbacks: [epochCsvLog('runs/log.csv')] });
 */
export function epochCsvLog(path: string, options: EpochCsvLogOptions = {}): Callback {
  const epochs: EpochLog[] = [...(options.earlier ?? [])];
  return {
    async onEpochEnd(log) {
      epochs.push(log);
      await writeFileAtomic(path, epochsCsv(options.rows?.(epochs) ?? epochs));
    },
  };
}

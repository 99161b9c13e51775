import type { BackendProvider } from '@nnlab/core';
import { type EpochLog, evaluate, fit } from '@nnlab/trainers';
import type { TrainingJob } from '../training-job.js';
import type { TrialOutcome } from '../trial-result.js';
import type { TrainingData } from './load-training-data.js';
import { prepareTrainingRun } from './prepare-training-run.js';

/** Options of {@link runTrainingJob}. */
export interface RunTrainingJobOptions {
  /** Called after every epoch. */
  readonly onEpoch?: (log: EpochLog) => void;
  /**
   * Datasets loaded by earlier jobs, keyed by their data options; a worker
   * passes the same map to every job so a sweep loads its data once per worker.
   * Only the most recent entry is kept (datasets can be large).
   */
  readonly dataCache?: Map<string, Promise<TrainingData>>;
}

/**
 * Runs one {@link TrainingJob} from start to end in this process: assembles
 * it with `prepareTrainingRun` (backend, data, model, optimizer and loaders,
 * as `nnlab train` does) and trains with `fit`: with `job.validationSplit`, each
 * epoch is scored on the held-out validation examples and the test split once
 * at the end; without, each epoch on the test split (the outcome's `test` is
 * then the last epoch's). Everything is disposed afterwards. Throws (an nnlab error for
 * bad settings) when the job cannot run; this is what a sweep worker does
 * with each trial.
 *
 * @example
 * const { history } = await runTrainingJob(trial.job, knownBackends(), { onEpoch: (log) => console.log(log.loss) });
 */
export async function runTrainingJob(job: TrainingJob, backends: readonly BackendProvider[], options: RunTrainingJobOptions = {}): Promise<TrialOutcome> {
  const run = await prepareTrainingRun(job, backends, options.dataCache === undefined ? {} : { dataCache: options.dataCache });
  try {
    const history = await fit(run.model, run.optimizer, {
      train: run.trainLoader,
      validation: run.validationLoader ?? run.testLoader,
      epochs: job.epochs,
      callbacks: options.onEpoch === undefined ? [] : [{ onEpochEnd: (log) => options.onEpoch?.(log) }],
    });
    const last = history.epochs[history.epochs.length - 1];
    const test =
      run.validationLoader !== undefined
        ? await evaluate(run.model, run.testLoader)
        : last?.validationLoss === undefined || last.validationAccuracy === undefined
          ? undefined
          : { loss: last.validationLoss, accuracy: last.validationAccuracy };
    return { history: history.epochs, backend: run.backend.name, stoppedEarly: history.stoppedEarly, ...(test?.accuracy === undefined ? {} : { test: { loss: test.loss, accuracy: test.accuracy } }) };
  } finally {
    run.dispose();
  }
}

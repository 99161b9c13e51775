import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry, InvalidArgumentError, Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { buildModel, parseModelSpec } from '@nnlab/models';
import { createOptimizer, optimizerNames } from '@nnlab/optimizers';
import { type EpochLog, evaluate, fit } from '@nnlab/trainers';
import { stableStringify } from '../stable-hash.js';
import type { TrainingJob } from '../training-job.js';
import type { TrialOutcome } from '../trial-result.js';
import { checkModelFitsData, loadTrainingData, type TrainingData } from './load-training-data.js';
import { activateOptionsOf, pickBackend } from '@nnlab/backends';

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

/** The optimizer options of a job, named as `createOptimizer` takes them. */
export function jobOptimizerOptions(job: TrainingJob): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  if (job.learningRate !== undefined) out.learningRate = job.learningRate;
  if (job.momentum !== undefined) out.momentum = job.momentum;
  if (job.nesterov === true) out.nesterov = true;
  if (job.weightDecay !== undefined) out.weightDecay = job.weightDecay;
  return out;
}

function cachedData(job: TrainingJob, cache: Map<string, Promise<TrainingData>> | undefined): Promise<TrainingData> {
  const options = {
    dataset: job.dataset,
    seed: job.seed,
    normalize: job.normalize,
    ...(job.limit === undefined ? {} : { limit: job.limit }),
    ...(job.validationSplit === undefined ? {} : { validationSplit: job.validationSplit }),
  };
  if (cache === undefined) return loadTrainingData(options);
  const key = stableStringify(options);
  let data = cache.get(key);
  if (data === undefined) {
    cache.clear();
    data = loadTrainingData(options);
    cache.set(key, data);
    data.catch(() => cache.delete(key));
  }
  return data;
}

/**
 * Runs one {@link TrainingJob} from start to end in this process: activates
 * its backend, loads (or reuses) its data, builds the model and optimizer
 * from their names, and trains with `fit`: with `job.validationSplit`, each
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
  const spec = parseModelSpec(job.model);
  if (!optimizerNames.includes(job.optimizer as (typeof optimizerNames)[number])) {
    throw new InvalidArgumentError(`--optimizer must be one of ${optimizerNames.join(', ')}, got "${job.optimizer}"`);
  }
  const backend = await pickBackend(new BackendRegistry(backends), job.backend);
  const info = await backend.activate(activateOptionsOf(job));
  const data = await cachedData(job, options.dataCache);
  checkModelFitsData(spec, data, job.dataset);

  const rng = new Rng(job.seed);
  const model = buildModel(spec, { rng: rng.fork('model') });
  try {
    const optimizer = createOptimizer(job.optimizer, model, jobOptimizerOptions(job));
    try {
      const testLoader = new DataLoader(data.test, { batchSize: 1000 });
      const history = await fit(model, optimizer, {
        train: new DataLoader(data.train, { batchSize: job.batchSize, shuffle: true, rng: rng.fork('shuffle') }),
        validation: data.validation === undefined ? testLoader : new DataLoader(data.validation, { batchSize: 1000 }),
        epochs: job.epochs,
        callbacks: options.onEpoch === undefined ? [] : [{ onEpochEnd: (log) => options.onEpoch?.(log) }],
      });
      const last = history.epochs[history.epochs.length - 1];
      const test =
        data.validation !== undefined
          ? await evaluate(model, testLoader)
          : last?.validationLoss === undefined || last.validationAccuracy === undefined
            ? undefined
            : { loss: last.validationLoss, accuracy: last.validationAccuracy };
      return { history: history.epochs, backend: info.name, stoppedEarly: history.stoppedEarly, ...(test?.accuracy === undefined ? {} : { test: { loss: test.loss, accuracy: test.accuracy } }) };
    } finally {
      optimizer.dispose();
    }
  } finally {
    model.dispose();
  }
}

import type { BackendInfo, BackendProvider } from '@nnlab/core';
import { BackendRegistry, invalidOption, option, Rng } from '@nnlab/core';
import { type BatchTransform, DataLoader } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { buildModel, type ModelSpec, parseModelSpec } from '@nnlab/models';
import { createOptimizer, type Optimizer, optimizerNames } from '@nnlab/optimizers';
import { activateOptionsOf, pickBackend } from '@nnlab/backends';
import { stableStringify } from '../stable-hash.js';
import type { TrainingJob } from '../training-job.js';
import { checkModelFitsData, loadTrainingData, type TrainingData } from './load-training-data.js';

/** A {@link TrainingJob} assembled and ready for `fit`: what {@link prepareTrainingRun} returns. */
export interface PreparedTrainingRun {
  readonly job: TrainingJob;
  readonly spec: ModelSpec;
  /** What the job's backend activated as (name, threads, versions). */
  readonly backend: BackendInfo;
  readonly data: TrainingData;
  /** Built from `job.model`, initialised from the job's seed. */
  readonly model: Module;
  /** Built from `job.optimizer` and the job's rate, momentum and weight decay. */
  readonly optimizer: Optimizer;
  /** Shuffled by the job's seed, with the `trainTransform` if one was given. */
  readonly trainLoader: DataLoader;
  /** The held-out validation examples, or undefined without a validation split. */
  readonly validationLoader: DataLoader | undefined;
  readonly testLoader: DataLoader;
  /** Disposes the model and the optimizer. */
  dispose(): void;
}

/** Options of {@link prepareTrainingRun}. */
export interface PrepareTrainingRunOptions {
  /**
   * Datasets loaded by earlier jobs, keyed by their data options; a worker
   * passes the same map to every job so a sweep loads its data once per worker.
   * Only the most recent entry is kept (datasets can be large).
   */
  readonly dataCache?: Map<string, Promise<TrainingData>>;
  /** Called once the backend is active, before any data is loaded (checks that need the backend: memory). */
  readonly onBackend?: (info: BackendInfo, spec: ModelSpec) => void;
  /** Called once the data is loaded (before it is checked against the model): its notes and skipped files. */
  readonly onData?: (data: TrainingData) => void;
  /** Called once the model is built, before its optimizer is. */
  readonly onModel?: (model: Module, data: TrainingData) => void;
  /** A transform of training batches (augmentation), given the normalisation the data got. */
  readonly trainTransform?: (statistics: TrainingData['statistics']) => BatchTransform | undefined;
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
 * Assembles a {@link TrainingJob} for `fit`: checks its model string and
 * optimizer, activates its backend, builds and throws away the model and
 * optimizer once (so a setting the optimizer refuses fails before any data
 * is loaded), loads (or reuses) its data, and builds the model, optimizer
 * and loaders from the job's seed (`model` and `shuffle` forks of one
 * `Rng`). `runTrainingJob` and `nnlab train` both start here, so a sweep
 * trial and a `train` run with the same settings train the same numbers.
 * The caller owns the result: `dispose()` it.
 *
 * @example
 * const run = await prepareTrainingRun(job, knownBackends());
 * try { await fit(run.model, run.optimizer, { train: run.trainLoader, epochs: job.epochs }); } finally { run.dispose(); }
 */
export async function prepareTrainingRun(job: TrainingJob, backends: readonly BackendProvider[], options: PrepareTrainingRunOptions = {}): Promise<PreparedTrainingRun> {
  const spec = parseModelSpec(job.model);
  if (!optimizerNames.includes(job.optimizer as (typeof optimizerNames)[number])) {
    throw invalidOption`${option('optimizer')} must be one of ${optimizerNames.join(', ')}, got "${job.optimizer}"`;
  }
  const backendProvider = await pickBackend(new BackendRegistry(backends), job.backend);
  const backend = await backendProvider.activate(activateOptionsOf(job));
  options.onBackend?.(backend, spec);
  const probe = buildModel(spec, { rng: new Rng(job.seed) });
  try {
    createOptimizer(job.optimizer, probe, jobOptimizerOptions(job)).dispose();
  } finally {
    probe.dispose();
  }
  const data = await cachedData(job, options.dataCache);
  options.onData?.(data);
  checkModelFitsData(spec, data, job.dataset);

  const rng = new Rng(job.seed);
  const model = buildModel(spec, { rng: rng.fork('model') });
  let optimizer: Optimizer;
  try {
    options.onModel?.(model, data);
    optimizer = createOptimizer(job.optimizer, model, jobOptimizerOptions(job));
  } catch (error) {
    model.dispose();
    throw error;
  }
  const transform = options.trainTransform?.(data.statistics);
  return {
    job,
    spec,
    backend,
    data,
    model,
    optimizer,
    trainLoader: new DataLoader(data.train, { batchSize: job.batchSize, shuffle: true, rng: rng.fork('shuffle'), ...(transform === undefined ? {} : { transform }) }),
    validationLoader: data.validation === undefined ? undefined : new DataLoader(data.validation, { batchSize: 1000 }),
    testLoader: new DataLoader(data.test, { batchSize: 1000 }),
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

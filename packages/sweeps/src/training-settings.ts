import type { TrainingJob } from './training-job.js';

/**
 * A {@link TrainingJob}'s settings under the names a program's options give
 * them (`lr` for the learning rate, as `nnlab train --lr` and the sweep
 * grids spell it): what an app collects from its user before it builds the
 * job with {@link trainingJobOf}.
 */
export interface TrainingSettings extends Omit<TrainingJob, 'learningRate'> {
  /** The learning rate (`TrainingJob.learningRate`); the optimizer's default when absent. */
  readonly lr?: number;
}

/**
 * The {@link TrainingJob} of `settings`. Fields that change nothing are left
 * out (`nesterov` and `deterministic` unless true, a validation split of 0,
 * absent options), so settings that train the same way give the same job, and
 * the same trial ids when a sweep hashes it.
 *
 * @example
 * const job = trainingJobOf({ model: 'mlp', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 64, optimizer: 'sgd', lr: 0.1, seed: 0, normalize: true });
 * // job.learningRate === 0.1
 */
export function trainingJobOf(settings: TrainingSettings): TrainingJob {
  const s = settings;
  return {
    model: s.model,
    dataset: s.dataset,
    backend: s.backend,
    epochs: s.epochs,
    batchSize: s.batchSize,
    optimizer: s.optimizer,
    ...(s.lr === undefined ? {} : { learningRate: s.lr }),
    ...(s.momentum === undefined ? {} : { momentum: s.momentum }),
    ...(s.nesterov === true ? { nesterov: true } : {}),
    ...(s.weightDecay === undefined ? {} : { weightDecay: s.weightDecay }),
    seed: s.seed,
    normalize: s.normalize,
    ...(s.limit === undefined ? {} : { limit: s.limit }),
    ...(s.validationSplit === undefined || s.validationSplit === 0 ? {} : { validationSplit: s.validationSplit }),
    ...(s.threads === undefined ? {} : { threads: s.threads }),
    ...(s.deterministic === true ? { deterministic: true } : {}),
  };
}

/** The settings `job` was built from: the inverse of {@link trainingJobOf}. */
export function trainingSettingsOf(job: TrainingJob): TrainingSettings {
  const { learningRate, ...rest } = job;
  return { ...rest, ...(learningRate === undefined ? {} : { lr: learningRate }) };
}

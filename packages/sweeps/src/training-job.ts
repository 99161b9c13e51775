/**
 * One training run described as plain data: what a sweep trial trains, what
 * a worker process (or, later, a queue worker on another machine) receives.
 * Everything is a JSON value, so a job can be hashed, logged, sent over IPC
 * and validated by a schema; nothing in it is code.
 *
 * @example
 * const job: TrainingJob = {
 *   model: 'mlp:784-100-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1,
 *   batchSize: 64, optimizer: 'adam', learningRate: 1e-3, seed: 0, normalize: true,
 * };
 */
export interface TrainingJob {
  /** Model string, e.g. `mlp:784-100-10,dropout=0.2` (placeholders already filled). */
  readonly model: string;
  /** Dataset name as `loadDatasetByName` takes it. */
  readonly dataset: string;
  /** Backend name or `auto`. */
  readonly backend: string;
  readonly epochs: number;
  readonly batchSize: number;
  /** Optimizer name (`sgd`, `adam`, ...). */
  readonly optimizer: string;
  /** Learning rate; the optimizer's default when absent. */
  readonly learningRate?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  /** Seed for initialisation, shuffling, dropout and the dataset split. */
  readonly seed: number;
  /** Normalise by the training split's mean/std. */
  readonly normalize: boolean;
  /** Use only the first `limit` training examples. */
  readonly limit?: number;
  /**
   * Share of the (limited) training examples held out, seeded by `seed`, as
   * the validation split that each epoch is scored on (and that sweeps rank
   * and promote by); the test split is then scored once, at the end. Absent
   * or 0: no hold-out, and each epoch is scored on the test split.
   */
  readonly validationSplit?: number;
  /** Threads for backends that support them. */
  readonly threads?: number;
  /** Activate the backend with `deterministic: true`: the same job gives the same numbers on every run. */
  readonly deterministic?: boolean;
}

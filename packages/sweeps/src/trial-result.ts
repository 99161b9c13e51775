import type { EpochLog } from '@nnlab/trainers';
import type { SweepValue } from './sweep-grid.js';
import type { Trial } from './trial.js';
import type { TrainingJob } from './training-job.js';

/**
 * Metrics a sweep can rank trials by. Rank by the validation ones (the
 * default): choosing hyperparameters by test scores tunes on the test set.
 */
export const sweepMetrics = ['validationAccuracy', 'validationLoss', 'testAccuracy', 'testLoss', 'trainAccuracy', 'trainLoss'] as const;
/** One of {@link sweepMetrics}. */
export type SweepMetric = (typeof sweepMetrics)[number];

/** Final metrics of a trial (its last epoch); `null` where not measured. */
export type TrialMetrics = Readonly<Record<SweepMetric, number | null>>;

/** What running a trial's job produced. */
export interface TrialOutcome {
  readonly history: readonly EpochLog[];
  /** The test split's loss and accuracy after training (scored once, at the end). */
  readonly test?: { readonly loss: number; readonly accuracy: number };
  /** The backend that actually ran it (resolves `auto`). */
  readonly backend?: string;
  readonly stoppedEarly?: boolean;
}

/** One finished trial, completed or failed: plain JSON, written to results.json. */
export interface TrialResult {
  readonly trialId: string;
  readonly index: number;
  readonly parameters: Readonly<Record<string, SweepValue>>;
  readonly job: TrainingJob;
  readonly status: 'completed' | 'failed';
  /** Why it failed: the error message, or how its worker process died. */
  readonly error?: string;
  readonly metrics: TrialMetrics;
  readonly epochsRun: number;
  readonly seconds: number;
  readonly backend?: string;
  /** Which worker ran it (e.g. `local-2`, or a host name for remote workers). */
  readonly worker?: string;
  readonly history: readonly EpochLog[];
}

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** The final metrics of a trial: its last epoch's train and validation loss and accuracy, and the test scores after training (null without them). */
export function finalMetrics(history: readonly EpochLog[], test?: TrialOutcome['test']): TrialMetrics {
  const last = history[history.length - 1];
  return {
    validationAccuracy: finite(last?.validationAccuracy),
    validationLoss: finite(last?.validationLoss),
    testAccuracy: finite(test?.accuracy),
    testLoss: finite(test?.loss),
    trainAccuracy: finite(last?.accuracy),
    trainLoss: finite(last?.loss),
  };
}

/** The {@link TrialResult} of a trial that ran to the end. */
export function completedTrial(trial: Trial, outcome: TrialOutcome, seconds: number, worker?: string): TrialResult {
  return {
    trialId: trial.id,
    index: trial.index,
    parameters: trial.parameters,
    job: trial.job,
    status: 'completed',
    metrics: finalMetrics(outcome.history, outcome.test),
    epochsRun: outcome.history.length,
    seconds,
    ...(outcome.backend === undefined ? {} : { backend: outcome.backend }),
    ...(worker === undefined ? {} : { worker }),
    history: outcome.history,
  };
}

/** The {@link TrialResult} of a trial that threw or whose worker died; `history` is what it finished. */
export function failedTrial(trial: Trial, error: string, seconds: number, worker?: string, history: readonly EpochLog[] = []): TrialResult {
  return {
    trialId: trial.id,
    index: trial.index,
    parameters: trial.parameters,
    job: trial.job,
    status: 'failed',
    error,
    metrics: finalMetrics(history),
    epochsRun: history.length,
    seconds,
    ...(worker === undefined ? {} : { worker }),
    history,
  };
}

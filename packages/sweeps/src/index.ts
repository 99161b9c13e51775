/**
 * `@nnlab/sweeps`, the runtime-neutral entry point: hyperparameter sweeps as plain data (trials,
 * grids, random search, ASHA, ranking, results) and the `SweepExecutor` contract with an
 * in-process executor. Runs in browsers and in Node with no Node built-in. Running trials in local
 * worker processes or on a BullMQ/Redis queue, and running a `TrainingJob` by its names
 * (`runTrainingJob`), are in `@nnlab/sweeps/node`.
 *
 * @module
 */
export { AshaScheduler, type AshaOptions, ashaRungs } from './asha.js';
export { expandGrid, type SweepDefinition, type SweepPlan } from './expand-grid.js';
export { finalResults } from './final-results.js';
export { inProcessExecutor } from './in-process-executor.js';
export { drawnGrids, randomSearch, type RandomSearchDefinition, type RandomSearchPlan, sampleConfigurations } from './random-search.js';
export { metricOrder, rankTrials } from './rank-trials.js';
export { gridDimension, parseSearchSpace, sampleDimension, type SearchDimension } from './search-space.js';
export { fnv1a64, hashId, stableStringify } from './stable-hash.js';
export { sweepResultsCsv } from './sweep-csv.js';
export type { SweepEvent, SweepExecutor, SweepRunOptions, TrialRunner } from './sweep-executor.js';
export { parseGrid, parseSweepValue, type SweepGrid, type SweepValue } from './sweep-grid.js';
export { applyHyperparameter, type SweepHyperparameter, sweepHyperparameters } from './sweep-hyperparameters.js';
export { type RandomDraw, type SweepStrategy, sweepStrategies, type SweepSummary, summarizeSweep } from './sweep-summary.js';
export type { TrainingJob } from './training-job.js';
export { trainingJobOf, type TrainingSettings, trainingSettingsOf } from './training-settings.js';
export { createTrial, modelPlaceholders, type Trial } from './trial.js';
export { asScheduler, listScheduler, type TrialScheduler } from './trial-scheduler.js';
export {
  completedTrial,
  failedTrial,
  finalMetrics,
  type SweepMetric,
  sweepMetrics,
  type TrialMetrics,
  type TrialOutcome,
  type TrialResult,
} from './trial-result.js';
export { formatSweepTable } from './format-sweep-table.js';
export { DEFAULT_VALIDATION_SPLIT, holdOutValidation, type ValidationSplit } from './job/validation-split.js';
export { type PlannedSweep, planSweep, type SweepStrategyOptions } from './plan-sweep.js';
export { isRetryableFailure, RetryingExecutor, type RetryingExecutorOptions } from './retrying-executor.js';

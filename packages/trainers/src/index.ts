/**
 * `@nnlab/trainers`: the training loop (fit, evaluate, predict), callbacks, metrics and schedulers.
 * Everything here runs in browsers and in Node with no Node built-in. Checkpoints (save, resume,
 * inspect, safetensors) are in `@nnlab/checkpoint`.
 *
 * @module
 */
export type { BatchLog, Callback, TrainingContext } from './callback.js';
export { isRandomSource, type RandomSource, randomState, setRandomState, type StatefulComponent } from './random-source.js';
export { earlyStopping, type EarlyStoppingOptions, type MonitoredMetric, readMetric } from './early-stopping.js';
export { epochStartState, type EpochStartState } from './epoch-start-state.js';
export { evaluate, type EvaluateOptions, withEvalMode } from './evaluate.js';
export { eventLoopTurns, type EventLoopTurns } from './event-loop-turn.js';
export { FIT_READS_BEHIND, FIT_TURN_EVERY_MS, fit, type FitOptions } from './fit.js';
export {
  gradcheck,
  GRADCHECK_DEFAULT_EPSILON,
  GRADCHECK_DEFAULT_TOLERANCE,
  type GradcheckOptions,
  type GradcheckResult,
  type ParameterGradcheck,
} from './gradcheck.js';
export { gradcheckRandomBatch, type GradcheckRandomBatchOptions } from './gradcheck-random-batch.js';
export { type BackendGradcheck, gradcheckBackends, type GradcheckBackendsOptions, type GradcheckBackendsResult } from './gradcheck-backends.js';
export { learningRateScheduler } from './learning-rate-scheduler.js';
export { parseScheduler, SCHEDULER_FORMS, type SchedulerSpec } from './parse-scheduler.js';
export { formatRate, type SchedulerCallback, schedulerCallback, type SchedulerContext } from './scheduler-callback.js';
export { trainingHealthCallback, type TrainingHealthOptions, trainingHealthWarnings } from './training-health-callback.js';
export { predict, predictClasses } from './predict.js';
export { progressLogger, type TextSink } from './progress-logger.js';
export {
  reduceLROnPlateau,
  type ReduceLROnPlateauCallback,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauState,
} from './reduce-lr-on-plateau.js';
export { accuracy, countCorrect, meanAbsoluteError, meanSquaredError, type Metric } from './metric.js';
export { createTrainStep, STEP_APPLIED, STEP_LOSS, STEP_METRICS, type TrainStep, type TrainStepOptions } from './train-step.js';
export type { Batch, BatchSource, EpochLog, EvaluationResult, History, LossFunction } from './types.js';
export type { PartialEpoch, TrainingPosition } from './training-position.js';

export type { BatchLog, Callback, TrainingContext } from './callback.js';
export { earlyStopping, type EarlyStoppingOptions, type MonitoredMetric, readMetric } from './early-stopping.js';
export { evaluate, withEvalMode } from './evaluate.js';
export { fit, type FitOptions } from './fit.js';
export { learningRateScheduler } from './learning-rate-scheduler.js';
export { predict, predictClasses } from './predict.js';
export { progressLogger, type TextSink } from './progress-logger.js';
export { countCorrect, createTrainStep, type TrainStep, type TrainStepResult } from './train-step.js';
export type { Batch, BatchSource, EpochLog, EvaluationResult, History, LossFunction } from './types.js';

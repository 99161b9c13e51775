/**
 * `@nnlab/trainers`, the runtime-neutral entry point: everything here runs in browsers and in Node
 * with no Node built-in. Checkpoint directories and files (saveCheckpoint, restoreCheckpoint,
 * checkpointCallback, directoryCheckpointStore) are in `@nnlab/trainers/node`.
 *
 * @module
 */
export type { BatchLog, Callback, TrainingContext } from './callback.js';
export { applyCheckpoint, type RestoreCheckpointOptions, type RestoredCheckpoint } from './checkpoint/apply-checkpoint.js';
export { decodeCheckpoint, type LoadedCheckpoint, verifyCheckpointFiles } from './checkpoint/decode-checkpoint.js';
export { type CheckpointFiles, encodeCheckpoint, type EncodeCheckpointOptions, type EncodedCheckpoint } from './checkpoint/encode-checkpoint.js';
export { loadModelSafetensors } from './checkpoint/load-model-safetensors.js';
export { NNLAB_VERSION } from './checkpoint/nnlab-version.js';
export { assertCheckpointStoreName, type CheckpointStore } from './checkpoint/store/checkpoint-store.js';
export { indexedDbCheckpointStore, type IndexedDbCheckpointStoreOptions } from './checkpoint/store/indexed-db-checkpoint-store.js';
export { restoreCheckpointFrom } from './checkpoint/store/restore-checkpoint-from.js';
export { saveCheckpointTo } from './checkpoint/store/save-checkpoint-to.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointFileRecord,
  type CheckpointInputRecord,
  type CheckpointMetadata,
  type CheckpointOptimizerRecord,
  parseCheckpointMetadata,
} from './checkpoint/checkpoint-metadata.js';
export { LATEST_FILE, METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint/checkpoint-names.js';
export { decodeSafetensors, MAX_SAFETENSORS_HEADER_BYTES } from './checkpoint/decode-safetensors.js';
export { encodeSafetensors } from './checkpoint/encode-safetensors.js';
export type { RandomSource, StatefulComponent } from './checkpoint/random-source.js';
export type { SafetensorsContents, SafetensorsData, SafetensorsDtype, SafetensorsTensor } from './checkpoint/safetensors-dtype.js';
export { fromSafetensorsTensor, toSafetensorsTensor } from './checkpoint/tensor-codec.js';
export { fromTorchStateDict, toTorchStateDict } from './checkpoint/torch-state-dict.js';
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
export { learningRateScheduler } from './learning-rate-scheduler.js';
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

/**
 * `@nnlab/checkpoint/node`: checkpoints in directories and files, with Node's file system: saving,
 * restoring, scanning, locking a save directory and checkpointing a whole training run
 * (`prepareTrainCheckpointing`: periodic saves, resume, SIGINT/SIGTERM). The rest
 * (encodeCheckpoint, safetensors, CheckpointStore, IndexedDB) is in `@nnlab/checkpoint`.
 *
 * @module
 */
export { checkpointCallback, type CheckpointCallbackOptions } from './checkpoint-callback.js';
export { type CheckpointFileSystem, nodeCheckpointFileSystem } from './checkpoint-file-system.js';
export {
  type CheckpointCheck,
  type CheckpointScan,
  loadCheckpoint,
  readCheckpointMetadata,
  resolveCheckpointDirectory,
  scanCheckpoints,
  verifyCheckpoint,
} from './load-checkpoint.js';
export { checkTensorsFitModel, type InspectedCheckpoint, inspectCheckpoint, type TensorListing } from './inspect-checkpoint.js';
export { type CheckpointModel, loadCheckpointModel, type LoadCheckpointModelOptions, missingInputMessage } from './load-checkpoint-model.js';
export { MAX_SAFETENSORS_FILE_BYTES, readSafetensorsFile } from './read-safetensors-file.js';
export { readBoundedFile } from './read-bounded-file.js';
export { restoreCheckpoint } from './restore-checkpoint.js';
export { saveCheckpoint, type SaveCheckpointOptions, type SavedCheckpoint } from './save-checkpoint.js';
export { lockSaveDirectory, type LockSaveDirectoryOptions, SAVE_LOCK_NAME, SAVE_LOCK_STALE_MS } from './save-lock.js';
export { checkFreeSpace, type CheckFreeSpaceOptions, checkpointBytesNeeded } from './save-space-check.js';
export { directoryCheckpointStore, type DirectoryCheckpointStoreOptions } from './store/directory-checkpoint-store.js';
export {
  prepareTrainCheckpointing,
  type ResumableOptimizerOptions,
  type RunSetting,
  type TrainCheckpointing,
  type TrainCheckpointingOptions,
  type TrainCheckpointingResult,
  type TrainObjects,
} from './train-checkpointing.js';

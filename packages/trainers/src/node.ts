/**
 * `@nnlab/trainers/node`: checkpoints in directories and files, with Node's file system. The rest
 * (fit, evaluate, encodeCheckpoint, CheckpointStore, IndexedDB) is in `@nnlab/trainers`.
 *
 * @module
 */
export { checkpointCallback, type CheckpointCallbackOptions } from './checkpoint/checkpoint-callback.js';
export { type CheckpointFileSystem, nodeCheckpointFileSystem } from './checkpoint/checkpoint-file-system.js';
export {
  type CheckpointCheck,
  type CheckpointScan,
  loadCheckpoint,
  readCheckpointMetadata,
  resolveCheckpointDirectory,
  scanCheckpoints,
  verifyCheckpoint,
} from './checkpoint/load-checkpoint.js';
export { MAX_SAFETENSORS_FILE_BYTES, readSafetensorsFile } from './checkpoint/read-safetensors-file.js';
export { readBoundedFile } from './checkpoint/read-bounded-file.js';
export { restoreCheckpoint } from './checkpoint/restore-checkpoint.js';
export { saveCheckpoint, type SaveCheckpointOptions, type SavedCheckpoint } from './checkpoint/save-checkpoint.js';
export { directoryCheckpointStore, type DirectoryCheckpointStoreOptions } from './checkpoint/store/directory-checkpoint-store.js';

/**
 * `@nnlab/checkpoint/node`: checkpoints in directories and files, with Node's file system. The rest
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
export { MAX_SAFETENSORS_FILE_BYTES, readSafetensorsFile } from './read-safetensors-file.js';
export { readBoundedFile } from './read-bounded-file.js';
export { restoreCheckpoint } from './restore-checkpoint.js';
export { saveCheckpoint, type SaveCheckpointOptions, type SavedCheckpoint } from './save-checkpoint.js';
export { directoryCheckpointStore, type DirectoryCheckpointStoreOptions } from './store/directory-checkpoint-store.js';

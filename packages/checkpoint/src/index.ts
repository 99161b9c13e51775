/**
 * `@nnlab/checkpoint`, the runtime-neutral entry point: checkpoints in memory and in stores
 * (encode/decode, safetensors, metadata, PyTorch state dicts, `CheckpointStore`, IndexedDB), with no
 * Node built-in, so it bundles for browsers. Checkpoint directories and files (saveCheckpoint,
 * restoreCheckpoint, checkpointCallback, directoryCheckpointStore, training-run checkpointing) are in
 * `@nnlab/checkpoint/node`.
 *
 * @module
 */
export { applyCheckpoint, type RestoreCheckpointOptions, type RestoredCheckpoint } from './apply-checkpoint.js';
export { decodeCheckpoint, type LoadedCheckpoint, verifyCheckpointFiles } from './decode-checkpoint.js';
export { type CheckpointFiles, encodeCheckpoint, type EncodeCheckpointOptions, type EncodedCheckpoint } from './encode-checkpoint.js';
export { loadModelSafetensors } from './load-model-safetensors.js';
export { NNLAB_VERSION } from './nnlab-version.js';
export { assertCheckpointStoreName, type CheckpointStore } from './store/checkpoint-store.js';
export { indexedDbCheckpointStore, type IndexedDbCheckpointStoreOptions } from './store/indexed-db-checkpoint-store.js';
export { restoreCheckpointFrom } from './store/restore-checkpoint-from.js';
export { saveCheckpointTo } from './store/save-checkpoint-to.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointFileRecord,
  type CheckpointInputRecord,
  type CheckpointMetadata,
  type CheckpointOptimizerRecord,
  parseCheckpointMetadata,
} from './checkpoint-metadata.js';
export { LATEST_FILE, METADATA_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-names.js';
export { decodeSafetensors, MAX_SAFETENSORS_HEADER_BYTES } from './decode-safetensors.js';
export { encodeSafetensors } from './encode-safetensors.js';
export type { SafetensorsContents, SafetensorsData, SafetensorsDtype, SafetensorsTensor } from './safetensors-dtype.js';
export { fromSafetensorsTensor, toSafetensorsTensor } from './tensor-codec.js';
export { fromTorchStateDict, toTorchStateDict } from './torch-state-dict.js';

/**
 * `@nnlab/export/node`: exports written to files in Node. `writeModelExport` exports a model as
 * ONNX, a TensorFlow.js LayersModel or PyTorch and writes each file atomically, and
 * `defaultExportPath` says where a checkpoint's export goes by default; `importTorchCheckpoint` saves a PyTorch
 * state dict as an nnlab checkpoint. The exporters themselves
 * return bytes and are in the runtime-neutral `@nnlab/export`.
 *
 * @module
 */
export { type ImportTorchCheckpointOptions, importTorchCheckpoint } from './import-torch-checkpoint.js';
export { defaultExportPath, type ExportFormat, exportFormats, writeModelExport, type WrittenExport } from './write-model-export.js';

/**
 * `@nnlab/export/node`: exports written to files in Node. `writeModelExport` exports a model as
 * ONNX, a TensorFlow.js LayersModel or PyTorch and writes each file atomically, and
 * `defaultExportPath` says where a checkpoint's export goes by default; `importTorchCheckpoint` saves a PyTorch
 * state dict as an nnlab checkpoint; `openPredictor` opens an `.onnx` file or a checkpoint as a
 * `Predictor`. The exporters themselves
 * return bytes and are in the runtime-neutral `@nnlab/export`.
 *
 * @module
 */
export { type ImportTorchCheckpointOptions, importTorchCheckpoint } from './import-torch-checkpoint.js';
export { openPredictor, type OpenPredictorOptions } from './open-predictor.js';
export { defaultExportPath, type ExportFormat, exportFormats, writeModelExport, type WrittenExport } from './write-model-export.js';

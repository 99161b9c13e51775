/**
 * `@nnlab/export`, the runtime-neutral entry point: exports an nnlab model as ONNX (`exportOnnx`),
 * a TensorFlow.js LayersModel (`exportTfjs`) or PyTorch (`exportTorch`), imports PyTorch state dicts
 * (`importTorch`), and classifies pixels with a model or an exported ONNX file (`modelPredictor`,
 * `onnxPredictor`, `rankPredictions`). Bytes in and out, no file system, so it runs in browsers
 * too; writing exports to files is `@nnlab/export/node`.
 *
 * @module
 */
export { exportOnnx, type ExportOnnxOptions, ONNX_INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT_NAMES } from './export-onnx.js';
export type { ModelInput, Normalization } from './model-input.js';
export { ONNX_LAYER_TYPES } from './onnx/emit-layer.js';
export { decodeOnnxModel } from './onnx/onnx-proto.js';
export { exportTfjs, type ExportTfjsOptions, TFJS_WEIGHTS_FILE, type TfjsLayersModelFiles } from './export-tfjs.js';
export { TFJS_LAYER_TYPES } from './tfjs/emit-tfjs-layer.js';
export { exportTorch, type ExportTorchOptions, type TorchExport } from './export-torch.js';
export { importTorch } from './import-torch.js';
export { imageShape, type Predictor } from './predictor.js';
export { modelPredictor } from './model-predictor.js';
export { onnxPredictor } from './onnx-predictor.js';
export { type RankedPrediction, type RankedPredictions, rankPredictions } from './rank-predictions.js';

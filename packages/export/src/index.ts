export { exportOnnx, type ExportOnnxOptions, ONNX_INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT_NAMES } from './export-onnx.js';
export type { ModelInput, Normalization } from './model-input.js';
export { ONNX_LAYER_TYPES } from './onnx/emit-layer.js';
export { decodeOnnxModel } from './onnx/onnx-proto.js';
export { exportTfjs, type ExportTfjsOptions, TFJS_WEIGHTS_FILE, type TfjsLayersModelFiles } from './export-tfjs.js';
export { TFJS_LAYER_TYPES } from './tfjs/emit-tfjs-layer.js';
export { exportTorch, type ExportTorchOptions, type TorchExport } from './export-torch.js';
export { importTorch } from './import-torch.js';

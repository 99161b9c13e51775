export { exportOnnx, type ExportOnnxOptions, ONNX_INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT_NAMES } from './export-onnx.js';
export { layerType, listLayers, type ModelLayer } from './layer-list.js';
export type { ModelInput, Normalization } from './model-input.js';
export { ONNX_LAYER_TYPES } from './onnx/emit-layer.js';
export { decodeOnnxModel } from './onnx/onnx-proto.js';

export { mlp, mlpActivations, type MlpActivation, type MlpOptions } from './mlp.js';
export { cnn, type CnnOptions } from './cnn.js';
export { cnn2 } from './cnn2.js';
export { cnn3, type Cnn3Options } from './cnn3.js';
export { estimateModelMemory, type ModelMemoryEstimate } from './estimate-model-memory.js';
export { formatBytes } from './format-bytes.js';
export { formatModelSummary, type FormatModelSummaryOptions } from './format-model-summary.js';
export {
  buildModel,
  type CnnName,
  cnnNames,
  type CnnSpec,
  type MlpSpec,
  modelInputShape,
  modelInputSize,
  modelOutputSize,
  type ModelSpec,
  namedModels,
  parseModelSpec,
} from './model-spec.js';
export { withCpuModel } from './with-cpu-model.js';

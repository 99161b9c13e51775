export { mlp, mlpActivations, type MlpActivation, type MlpOptions } from './mlp.js';
export {
  buildModel,
  type MlpSpec,
  modelInputSize,
  modelOutputSize,
  type ModelSpec,
  namedModels,
  parseModelSpec,
} from './model-spec.js';

/**
 * `@nnlab/core`: the backend contract and registry, seeded random numbers,
 * error classes with stable codes and argument validators; no tensor math
 * and no Node built-ins. `@nnlab/core/node` adds file-system helpers.
 *
 * @packageDocumentation
 */
export type {
  ActivateOptions,
  BackendEnvironment,
  BackendInfo,
  BackendKind,
  BackendProvider,
  KernelReport,
  ProbeResult,
} from './backend.js';
export { BackendRegistry, type BackendStatus } from './registry.js';
export {
  BackendUnavailableError,
  CheckFailedError,
  CheckpointError,
  DataFormatError,
  DownloadError,
  type ErrorCode,
  InvalidArgumentError,
  isNnlabError,
  NnlabError,
  NotFoundError,
  ShapeMismatchError,
  TrainingDivergedError,
} from './errors.js';
export { type BatchNormTrainAttrs, FUSED_KERNELS, type FusedAdagradAttrs, type FusedAdamAttrs } from './fused-kernels.js';
export { InvalidOptionError, invalidOption, option, OptionName } from './invalid-option-error.js';
export { closestName, didYouMean } from './did-you-mean.js';
export { Rng, type RngState } from './rng.js';
export { assertInteger, assertNumber, assertOneOf } from './validate.js';
export { withTimeout } from './with-timeout.js';
export { type BackendDescription, DEFAULT_ACTIVATE_TIMEOUT_MS, defineBackend, errorMessage, validateActivateOptions } from './define-backend.js';
export { type AdoptedBackend, adoptStockBackend, type GpuBackendDetails, type StockBackend, type TfjsBackendRegistry } from './adopt-stock-backend.js';
export { BROWSER_HINT, isNode } from './is-node.js';

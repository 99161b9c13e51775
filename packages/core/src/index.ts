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
export { Rng, type RngState } from './rng.js';
export { assertInteger, assertNumber, assertOneOf } from './validate.js';
export { withTimeout } from './with-timeout.js';

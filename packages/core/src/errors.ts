/**
 * Error classes with stable `code`s. Callers (the CLI above all) switch on
 * `code`, never on message text, so messages can improve without breaking
 * anyone. Every message says what was wrong and what was expected.
 */

/** Stable error codes used across nnlab. */
export type ErrorCode =
  | 'E_INVALID_ARGUMENT'
  | 'E_DATA_FORMAT'
  | 'E_NOT_FOUND'
  | 'E_BACKEND_UNAVAILABLE'
  | 'E_SHAPE_MISMATCH'
  | 'E_CHECKPOINT'
  | 'E_DOWNLOAD'
  | 'E_TRAINING_DIVERGED'
  | 'E_CHECK_FAILED';

/** Base class of every error nnlab throws on purpose. */
export class NnlabError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An argument (function option, CLI flag, model string) has a value that is not allowed. */
export class InvalidArgumentError extends NnlabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_INVALID_ARGUMENT', message, options);
  }
}

/** A file or byte stream is not in the format that was expected (IDX, gzip, PNG, ...). */
export class DataFormatError extends NnlabError {
  /** The file (or URL) that was being read, when known. */
  readonly source: string | undefined;
  constructor(message: string, source?: string, options?: { cause?: unknown }) {
    super('E_DATA_FORMAT', source === undefined ? message : `${source}: ${message}`, options);
    this.source = source;
  }
}

/** A named thing (file, dataset, backend, model) does not exist. */
export class NotFoundError extends NnlabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_NOT_FOUND', message, options);
  }
}

/** A backend cannot run here; `install` says what would make it work. */
export class BackendUnavailableError extends NnlabError {
  readonly backend: string;
  readonly install: string | undefined;
  constructor(backend: string, reason: string, install?: string) {
    super('E_BACKEND_UNAVAILABLE', `backend "${backend}" is not available: ${reason}${install ? ` (${install})` : ''}`);
    this.backend = backend;
    this.install = install;
  }
}

/** Tensor shapes that must agree do not. */
export class ShapeMismatchError extends NnlabError {
  constructor(message: string) {
    super('E_SHAPE_MISMATCH', message);
  }
}

/** A checkpoint cannot be written or read back. */
export class CheckpointError extends NnlabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_CHECKPOINT', message, options);
  }
}

/** A download failed (network, HTTP status, checksum). */
export class DownloadError extends NnlabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DOWNLOAD', message, options);
  }
}

/** Training produced a NaN or infinite loss. */
export class TrainingDivergedError extends NnlabError {
  constructor(message: string) {
    super('E_TRAINING_DIVERGED', message);
  }
}

/** A numerical check (gradient check, reference comparison) found a difference above its tolerance. */
export class CheckFailedError extends NnlabError {
  constructor(message: string) {
    super('E_CHECK_FAILED', message);
  }
}

/** True for errors nnlab threw on purpose (as opposed to bugs). */
export function isNnlabError(error: unknown): error is NnlabError {
  return error instanceof NnlabError;
}

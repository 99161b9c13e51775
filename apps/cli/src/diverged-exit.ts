import type { TrainingDivergedError } from '@nnlab/core';
import { ExitRequest } from './exit-request.js';
import type { Output } from './output.js';

/** Exit code of a run stopped by a NaN or infinite loss or gradient. */
export const DIVERGED_EXIT_CODE = 3;

/**
 * Ends `nnlab train` after {@link TrainingDivergedError}: one `nnlab: error:`
 * line with the error's epoch, step, learning rate and advice, plus where the
 * last good checkpoint is (checkpoints are written only after good epochs, so
 * the newest one on disk never holds the bad update), then exit code 3.
 */
export function divergedExit(error: TrainingDivergedError, output: Output, lastCheckpoint: string | undefined): never {
  const kept = lastCheckpoint === undefined ? '' : `; the last good checkpoint is kept in ${lastCheckpoint}`;
  const message = `training diverged: ${error.message}${kept}; or rerun with --on-nan skip to skip such batches`;
  output.stderr.write(`nnlab: error: ${message}\n`);
  throw new ExitRequest(DIVERGED_EXIT_CODE, message, error.code);
}

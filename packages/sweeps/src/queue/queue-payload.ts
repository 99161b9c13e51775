import { DataFormatError } from '@nnlab/core';
import type { Trial } from '../trial.js';
import { z } from 'zod';

/** A swept value: a number, a string or a boolean. */
export const sweepValue = z.union([z.number(), z.string(), z.boolean()]);

// Only data: names and numbers. A worker builds everything else itself.
/** The schema of a `TrainingJob`: plain data, unknown fields refused. */
export const trainingJob = z.strictObject({
  model: z.string().max(1000),
  dataset: z.string().max(1000),
  backend: z.string().max(100),
  epochs: z.int().min(1),
  batchSize: z.int().min(1),
  optimizer: z.string().max(100),
  learningRate: z.number().positive().optional(),
  momentum: z.number().min(0).optional(),
  nesterov: z.boolean().optional(),
  weightDecay: z.number().min(0).optional(),
  seed: z.int().min(0),
  normalize: z.boolean(),
  limit: z.int().min(1).optional(),
  validationSplit: z.number().gt(0).lt(1).optional(),
  threads: z.int().min(1).optional(),
  deterministic: z.boolean().optional(),
});

const trialPayload = z.strictObject({
  nnlabVersion: z.string(),
  trial: z.strictObject({
    id: z.string(),
    sweepId: z.string(),
    index: z.int().min(0),
    parameters: z.record(z.string(), sweepValue),
    job: trainingJob,
  }),
});

/** What a queue job carries: one trial as data, and the nnlab version that enqueued it. */
export interface TrialPayload {
  readonly nnlabVersion: string;
  readonly trial: Trial;
}

/**
 * Validates a queue job's data (untrusted: anyone with access to Redis can
 * enqueue) against the trial schema; throws {@link DataFormatError} naming
 * the first bad fields. Unknown fields are refused too.
 *
 * @example
 * const { trial } = parseTrialPayload(job.data);
 */
export function parseTrialPayload(data: unknown): TrialPayload {
  // The version is checked first and on its own so an incompatible sweep gets that message, not a schema error.
  const result = trialPayload.safeParse(data);
  if (!result.success) throw new DataFormatError(`queue job data is not an nnlab trial: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
  return result.data as TrialPayload;
}

/** The queue job id of a trial: deterministic, so enqueueing a trial twice adds it once. BullMQ forbids `:` in ids. */
export function queueJobId(trial: Pick<Trial, 'id' | 'sweepId'>): string {
  return `${trial.sweepId}-${trial.id}`;
}

import { hostname } from 'node:os';
import { assertInteger, isNnlabError } from '@nnlab/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Trial } from '../trial.js';
import type { TrialOutcome } from '../trial-result.js';
import { compatibleVersions, nnlabVersion } from './nnlab-version.js';
import { QUEUE_NAME, queueConnection } from './queue-connection.js';
import { parseTrialPayload, type TrialPayload } from './queue-payload.js';
import { TrialProcess } from './trial-process.js';

/** What {@link processTrialJob} needs besides the job's data. */
export interface TrialJobContext {
  /** This worker's nnlab version. */
  readonly workerVersion: string;
  /** Backend for every trial instead of the sweep's. */
  readonly backend?: string;
  /** Trains a trial; rejects with `UnrecoverableError` for failures a retry would repeat. */
  readonly train: (trial: Trial) => Promise<TrialOutcome>;
}

/**
 * Runs one queue job's trial: checks that the sweep's nnlab version is
 * compatible with this worker's, validates the data against the trial
 * schema (a worker runs names and numbers, never code), then trains it with
 * `context.train` (which loads the dataset by name on this machine). Errors
 * that would fail again on a retry (an incompatible version, a malformed
 * payload, and nnlab errors such as bad settings or a missing dataset) are
 * thrown as BullMQ's `UnrecoverableError`, so the trial fails at once with
 * that message instead of being retried.
 *
 * @example
 * const outcome = await processTrialJob(job.data, { workerVersion: nnlabVersion(), train: (t) => trainer.run(t) });
 */
export async function processTrialJob(data: unknown, context: TrialJobContext): Promise<TrialOutcome> {
  const sweepVersion = (data as { nnlabVersion?: unknown } | null)?.nnlabVersion;
  if (typeof sweepVersion === 'string' && !compatibleVersions(sweepVersion, context.workerVersion)) {
    throw new UnrecoverableError(
      `this worker runs nnlab ${context.workerVersion} but the sweep was started with nnlab ${sweepVersion}; ` +
        'run the same nnlab version on every worker and on the machine that starts the sweep',
    );
  }
  let payload: TrialPayload;
  try {
    payload = parseTrialPayload(data);
  } catch (error) {
    throw new UnrecoverableError((error as Error).message);
  }
  const trial = context.backend === undefined ? payload.trial : { ...payload.trial, job: { ...payload.trial.job, backend: context.backend } };
  try {
    return await context.train(trial);
  } catch (error) {
    if (isNnlabError(error)) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** `redis://` or `rediss://` URL of the sweep queue's Redis. */
  readonly url: string;
  /** Trials at once, each in its own training process (integer >= 1, default 1). */
  readonly concurrency?: number;
  /** Backend for every trial, overriding the sweep's (default: the sweep's). */
  readonly backend?: string;
  /** Milliseconds without a lock renewal after which a trial counts as stalled and goes to another worker (integer >= 100, default 30000). */
  readonly stalledAfter?: number;
  /** Told when a trial starts, is done or fails on a slot (`worker` is the slot's name). */
  readonly onTrial?: (event: { readonly type: 'started' | 'done' | 'failed'; readonly worker: string; readonly jobId: string; readonly error?: string }) => void;
  /** Told about errors of the queue connection (Redis gone, ...); the worker keeps trying. */
  readonly onError?: (worker: string, error: Error) => void;
}

/** A running queue worker (see {@link startQueueWorker}). */
export interface QueueWorker {
  /** The slots' names, as results record them (`host-pid`, `host-pid.2`, ...). */
  readonly names: readonly string[];
  /** This worker's nnlab version; it refuses trials of sweeps started with an incompatible one. */
  readonly version: string;
  /** Finishes the trials in hand, then stops the slots, their training processes and connections. */
  close(): Promise<void>;
}

/**
 * Starts taking trials from the sweep queue at `url` and training them until
 * closed: what `nnlab worker` runs, for a program too. Each of the
 * `concurrency` slots is one BullMQ worker with its own training process
 * (the local executor's `trial-worker.js`), so trials never share a tensor
 * engine and the queue connection stays responsive while a trial computes.
 * Resolves once every slot is connected and its training process is ready.
 *
 * @example
 * const worker = await startQueueWorker({ url: 'redis://127.0.0.1:6379', concurrency: 2 });
 * // ... a QueueExecutor elsewhere enqueues trials; this process trains them ...
 * await worker.close();
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const concurrency = assertInteger('concurrency', options.concurrency ?? 1, 1);
  const stalledAfter = assertInteger('stalledAfter', options.stalledAfter ?? 30_000, 100);
  const version = nnlabVersion();
  const slots = Array.from({ length: concurrency }, (_, i) => {
    const name = `${hostname()}-${process.pid}${concurrency === 1 ? '' : `.${i + 1}`}`;
    const trainer = new TrialProcess();
    const connection = queueConnection(options.url);
    const worker = new Worker<unknown, TrialOutcome>(
      QUEUE_NAME,
      async (job: Job<unknown, TrialOutcome>) =>
        processTrialJob(job.data, { workerVersion: version, train: (trial) => trainer.run(trial), ...(options.backend === undefined ? {} : { backend: options.backend }) }),
      // A worker that dies stops renewing its lock; after `stalledAfter` ms the stalled check hands its trial to another worker.
      { connection, name, concurrency: 1, lockDuration: stalledAfter, stalledInterval: Math.max(50, Math.floor(stalledAfter / 2)), maxStalledCount: 2 },
    );
    worker.on('active', (job) => options.onTrial?.({ type: 'started', worker: name, jobId: job.id ?? '?' }));
    worker.on('completed', (job) => options.onTrial?.({ type: 'done', worker: name, jobId: job.id ?? '?' }));
    worker.on('failed', (job, error) => options.onTrial?.({ type: 'failed', worker: name, jobId: job?.id ?? '?', error: error.message }));
    worker.on('error', (error) => options.onError?.(name, error));
    return { name, worker, trainer, connection };
  });
  const close = async (): Promise<void> => {
    await Promise.all(slots.map((slot) => slot.worker.close()));
    // BullMQ leaves a connection it was given open, and an open socket kept the process alive
    // after Ctrl-C/SIGTERM, however fast its trials were: close it, and the training process.
    for (const slot of slots) {
      slot.trainer.close();
      slot.connection.disconnect();
    }
  };
  try {
    await Promise.all(slots.map((slot) => Promise.all([slot.worker.waitUntilReady(), slot.trainer.start()])));
  } catch (error) {
    await close();
    throw error;
  }
  return { names: slots.map((slot) => slot.name), version, close };
}

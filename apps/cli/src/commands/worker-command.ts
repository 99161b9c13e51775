import { hostname } from 'node:os';
import { type BackendProvider, InvalidArgumentError, assertInteger, isNnlabError } from '@nnlab/core';
import type { Trial, TrialOutcome } from '@nnlab/sweeps';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Output } from '../output.js';
import { compatibleVersions, nnlabVersion } from '../queue/nnlab-version.js';
import { QUEUE_NAME, queueConnection, redact, resolveQueueUrl } from '../queue/queue-connection.js';
import { parseTrialPayload, type TrialPayload } from '../queue/queue-payload.js';
import { TrialProcess } from '../queue/trial-process.js';

/** Options of `nnlab worker`. */
export interface WorkerOptions {
  /** Queue URL; `NNLAB_QUEUE_URL` when absent. */
  readonly queue?: string;
  /** Trials at once, each in its own process (default 1). */
  readonly concurrency?: number;
  /** Backend for every trial, overriding the sweep's (default: the sweep's). */
  readonly backend?: string;
  /** Milliseconds without a lock renewal after which a trial counts as stalled and goes to another worker (default 30000). */
  readonly stalledAfter?: number;
}

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

/**
 * `nnlab worker`: takes trials from the sweep queue at `--queue` (or
 * `NNLAB_QUEUE_URL`) and trains them until stopped (Ctrl-C or SIGTERM
 * finish the trial in hand first). Each of the `--concurrency` slots
 * trains in its own child process, so trials never share a tensor engine and
 * the queue connection stays responsive while a trial computes.
 */
export async function workerCommand(options: WorkerOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  const url = resolveQueueUrl(options.queue);
  const concurrency = assertInteger('--concurrency', options.concurrency ?? 1, 1);
  const stalledAfter = assertInteger('--stalled-after', options.stalledAfter ?? 30_000, 100);
  if (options.backend !== undefined && options.backend !== 'auto' && !backends.some((b) => b.name === options.backend)) {
    throw new InvalidArgumentError(`--backend must be one of ${backends.map((b) => b.name).join(', ')} or auto, got "${options.backend}"`);
  }

  const version = nnlabVersion();
  // One BullMQ worker and one training process per slot: trials never share a tensor engine.
  const slots = Array.from({ length: concurrency }, (_, i) => {
    const name = `${hostname()}-${process.pid}${concurrency === 1 ? '' : `.${i + 1}`}`;
    const trainer = new TrialProcess();
    const connection = queueConnection(url);
    const worker = new Worker<unknown, TrialOutcome>(
      QUEUE_NAME,
      async (job: Job<unknown, TrialOutcome>) =>
        processTrialJob(job.data, { workerVersion: version, train: (trial) => trainer.run(trial), ...(options.backend === undefined ? {} : { backend: options.backend }) }),
      // A worker that dies stops renewing its lock; after `stalledAfter` ms the stalled check hands its trial to another worker.
      { connection, name, concurrency: 1, lockDuration: stalledAfter, stalledInterval: Math.max(50, Math.floor(stalledAfter / 2)), maxStalledCount: 2 },
    );
    worker.on('active', (job) => output.stdout.write(`${name}: trial ${job.id ?? '?'} started\n`));
    worker.on('completed', (job) => output.stdout.write(`${name}: trial ${job.id ?? '?'} done\n`));
    worker.on('failed', (job, error) => output.stdout.write(`${name}: trial ${job?.id ?? '?'} failed: ${error.message}\n`));
    worker.on('error', (error) => output.stderr.write(`nnlab: worker ${name}: ${error.message}\n`));
    return { name, worker, trainer, connection };
  });
  await Promise.all(slots.map((slot) => Promise.all([slot.worker.waitUntilReady(), slot.trainer.start()])));
  output.stdout.write(`worker ${slots.map((s) => s.name).join(', ')} (nnlab ${version}) waiting for trials on ${redact(url)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void Promise.all(slots.map((slot) => slot.worker.close())).then(() => {
        // BullMQ leaves a connection it was given open, and an open socket kept the process alive
        // after Ctrl-C/SIGTERM, however fast its trials were: close it, and the training process.
        for (const slot of slots) {
          slot.trainer.close();
          slot.connection.disconnect();
        }
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

import { type BackendProvider, InvalidArgumentError } from '@nnlab/core';
import { redact, resolveQueueUrl, startQueueWorker } from '@nnlab/sweeps/node';
import type { Output } from '../output.js';
import { Command } from 'commander';
import { backendNames, type CommandContext } from '../command-context.js';
import { integer } from '../option-parsers.js';
import { trainingOption } from '../training-options.js';

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

/**
 * `nnlab worker`: takes trials from the sweep queue at `--queue` (or
 * `NNLAB_QUEUE_URL`) and trains them with `@nnlab/sweeps`' `startQueueWorker`
 * until stopped (Ctrl-C or SIGTERM finish the trial in hand first).
 */
export async function workerCommand(options: WorkerOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  const url = resolveQueueUrl(options.queue);
  if (options.backend !== undefined && options.backend !== 'auto' && !backends.some((b) => b.name === options.backend)) {
    throw new InvalidArgumentError(`--backend must be one of ${backends.map((b) => b.name).join(', ')} or auto, got "${options.backend}"`);
  }
  const worker = await startQueueWorker({
    url,
    // Checked by the option parser already (--concurrency, --stalled-after).
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.stalledAfter === undefined ? {} : { stalledAfter: options.stalledAfter }),
    ...(options.backend === undefined ? {} : { backend: options.backend }),
    onTrial: (event) => output.stdout.write(`${event.worker}: trial ${event.jobId} ${event.type}${event.error === undefined ? '' : `: ${event.error}`}\n`),
    onError: (name, error) => output.stderr.write(`nnlab: worker ${name}: ${error.message}\n`),
  });
  output.stdout.write(`worker ${worker.names.join(', ')} (nnlab ${worker.version}) waiting for trials on ${redact(url)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void worker.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `nnlab worker`: options and help. */
export function createWorkerCommand(context: CommandContext): Command {
  return new Command('worker')
    .description('train sweep trials from a queue (nnlab sweep --queue) until stopped; run one per machine or more')
    .option('--queue <url>', 'Redis URL of the queue, redis:// or rediss:// (default $NNLAB_QUEUE_URL)')
    .option('--concurrency <n>', 'trials at once, each in its own process', integer('--concurrency'), 1)
    .addOption(trainingOption('backend', context, { help: `backend for every trial instead of the sweep's: ${backendNames(context)} or auto`, default: undefined }))
    .option('--stalled-after <ms>', 'a trial whose worker has not renewed its lock for this long goes to another worker', integer('--stalled-after', 100), 30000)
    .action(async (options: WorkerOptions) => workerCommand(options, context.backends, context.output));
}

import type { Output } from '../output.js';
import { queueConnection, redact, resolveQueueUrl, QueueExecutor } from '@nnlab/sweeps/node';
import { loadSweep, saveSweep, type StoredSweepOptions } from '../queue/sweep-store.js';
import { UsageError } from '../usage-error.js';
import { planSweep, trainingJobOf } from '@nnlab/sweeps';
import { type SweepOptions, sweepCommand } from './sweep-command.js';

/** Options of `nnlab sweep --queue`: a sweep's options (all but `--model` optional with `--attach`) and the queue's. */
export interface QueueSweepOptions extends Omit<SweepOptions, 'model'> {
  readonly model?: string;
  /** The queue URL, or `true` for `--queue` without one (then `NNLAB_QUEUE_URL`). */
  readonly queue?: string | boolean;
  /** Re-attach to this sweep instead of starting one. */
  readonly attach?: string;
  /** Extra tries of a failed trial (default 1). */
  readonly retries?: number;
}

/**
 * `nnlab sweep --queue URL`: enqueues the sweep's trials on Redis for
 * `nnlab worker` processes anywhere, saves its options there, and collects
 * results exactly like a local sweep (same progress, table, CSV, JSON).
 * With `--attach SWEEP_ID` it rebuilds that sweep from Redis and collects
 * whatever has finished or finishes (nothing is trained twice: job ids are
 * the trials' deterministic ids).
 */
export async function queueSweepCommand(options: QueueSweepOptions, output: Output): Promise<void> {
  const url = resolveQueueUrl(typeof options.queue === 'string' ? options.queue : undefined);
  const redis = queueConnection(url);
  let sweep: SweepOptions;
  try {
    if (options.attach !== undefined) {
      const stored = await loadSweep(redis, options.attach);
      sweep = { ...stored, ...pick(options, ['out', 'json', 'progress']) };
    } else {
      if (options.model === undefined) throw new UsageError("required option '--model <model>' not specified");
      sweep = { ...options, model: options.model };
      const { queue: _queue, attach: _attach, retries: _retries, out: _out, json: _json, progress: _progress, workers: _workers, ...stored } = { ...options, model: options.model };
      const { sweepId } = planSweep(sweep, trainingJobOf(sweep));
      await saveSweep(redis, sweepId, stored satisfies StoredSweepOptions);
      output.stdout.write(`queue ${redact(url)}: re-attach with nnlab sweep --queue URL --attach ${sweepId}\n`);
    }
  } finally {
    redis.disconnect();
  }
  await sweepCommand(sweep, output, new QueueExecutor({ url, ...(options.retries === undefined ? {} : { retries: options.retries }) }));
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (value[k] !== undefined) out[k] = value[k];
  return out;
}

import { NotFoundError } from '@nnlab/core';
import type { SweepOptions } from '../commands/sweep-command.js';

/** The two Redis commands the store uses (an ioredis connection has them). */
interface Redis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

const key = (sweepId: string): string => `nnlab:sweep:${sweepId}`;

/** The options of a queued sweep that `--attach` needs to rebuild it (where to write and how to show it are the attacher's). */
export type StoredSweepOptions = Omit<SweepOptions, 'out' | 'json' | 'progress' | 'workers'>;

/**
 * Saves a queued sweep's options in Redis under `nnlab:sweep:ID`, so that
 * `nnlab sweep --attach ID` on any machine can rebuild the same trials (their
 * ids are deterministic) and collect their results.
 */
export async function saveSweep(redis: Redis, sweepId: string, options: StoredSweepOptions): Promise<void> {
  await redis.set(key(sweepId), JSON.stringify(options));
}

/** The options saved by {@link saveSweep}; throws {@link NotFoundError} when Redis has no such sweep. */
export async function loadSweep(redis: Redis, sweepId: string): Promise<StoredSweepOptions> {
  const text = await redis.get(key(sweepId));
  if (text === null) throw new NotFoundError(`--attach ${sweepId}: no sweep with this id in the queue's Redis (ids are printed when a sweep starts)`);
  return JSON.parse(text) as StoredSweepOptions;
}

import { invalidOption, option } from '@nnlab/core';
import { Redis } from 'ioredis';

/** Name of the BullMQ queue every nnlab sweep and worker shares. */
export const QUEUE_NAME = 'nnlab-trials';

/**
 * The queue URL: `queue` (the CLI's `--queue`), else `NNLAB_QUEUE_URL`. Must be
 * `redis://` or `rediss://` (TLS); a user and password may be in it
 * (`redis://:secret@host:6379`), ioredis reads them.
 *
 * @example
 * resolveQueueUrl(undefined, { NNLAB_QUEUE_URL: 'redis://10.0.0.5:6379' }); // 'redis://10.0.0.5:6379'
 */
export function resolveQueueUrl(queue: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = queue ?? env.NNLAB_QUEUE_URL;
  if (url === undefined || url === '') throw invalidOption`${option('queue')} is required (or set NNLAB_QUEUE_URL), e.g. ${option('queue')} redis://HOST:6379`;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw invalidOption`${option('queue')} "${redact(url)}" is not a URL; expected redis://HOST:PORT or rediss://HOST:PORT`;
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw invalidOption`${option('queue')} "${redact(url)}" must start with redis:// or rediss://`;
  }
  return url;
}

/** The URL with any password replaced by `***`, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/**
 * An ioredis connection for BullMQ. `maxRetriesPerRequest: null` is what
 * BullMQ workers require (blocking commands must wait through reconnects);
 * `retryStrategy` keeps reconnecting, so a Redis restart is survived.
 */
export function queueConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
}

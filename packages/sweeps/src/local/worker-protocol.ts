import type { EpochLog } from '@nnlab/trainers';
import type { Trial } from '../trial.js';
import type { TrialOutcome } from '../trial-result.js';

/**
 * Messages between `nnlab sweep` and its worker processes (over the IPC
 * channel of `child_process.fork`). Only plain data crosses: a worker
 * receives a trial's settings, never code.
 *
 * Parent to worker: `run` one trial (only when the worker is idle), or `shutdown`.
 */
export type ParentMessage = { readonly type: 'run'; readonly trial: Trial } | { readonly type: 'shutdown' };

/**
 * Worker to parent: `ready` once started (and able to take a trial), `epoch`
 * after each epoch, then `done` or `failed` for the trial it was given.
 */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'epoch'; readonly trialId: string; readonly log: EpochLog }
  | { readonly type: 'done'; readonly trialId: string; readonly outcome: TrialOutcome }
  | { readonly type: 'failed'; readonly trialId: string; readonly error: string };

/** True for objects shaped like a {@link WorkerMessage} (the channel is untyped). */
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (value === null || typeof value !== 'object') return false;
  const { type, trialId } = value as { type?: unknown; trialId?: unknown };
  if (type === 'ready') return true;
  return (type === 'epoch' || type === 'done' || type === 'failed') && typeof trialId === 'string';
}

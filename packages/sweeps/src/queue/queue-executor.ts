import { assertInteger } from '@nnlab/core';
import { asScheduler, type TrialScheduler } from '../trial-scheduler.js';
import { completedTrial, failedTrial, type TrialOutcome, type TrialResult } from '../trial-result.js';
import type { SweepEvent, SweepExecutor, SweepRunOptions } from '../sweep-executor.js';
import type { Trial } from '../trial.js';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { QUEUE_NAME, queueConnection } from './queue-connection.js';
import { queueJobId, type TrialPayload } from './queue-payload.js';
import { nnlabVersion } from './nnlab-version.js';

/** Options of {@link QueueExecutor}. */
export interface QueueExecutorOptions {
  /** `redis://` or `rediss://` URL of the Redis that workers (`nnlab worker`) listen on. */
  readonly url: string;
  /** Times a failed trial is tried again before it is reported as failed (integer >= 0). Default 1. */
  readonly retries?: number;
  /** How often (ms) every unfinished trial is checked, besides the live events. Default 1000. */
  readonly pollMs?: number;
}

/**
 * A {@link SweepExecutor} that hands trials to `nnlab worker` processes on
 * any machine through a BullMQ queue on Redis. Each trial becomes one job
 * whose id is `${sweepId}-${trialId}`, so enqueueing a sweep again (or
 * re-attaching to it) adds nothing and a trial is recorded once even if two
 * workers finished it. Results stay in Redis (completed jobs are kept), so a
 * later `run` with the same trials collects them again. Failed attempts are
 * retried `retries` times; a worker that dies mid-trial stops renewing its
 * lock and BullMQ's stalled-job check gives the trial to another worker.
 * Aborting stops collecting only: the workers go on, and `--attach` picks up.
 * Given a {@link TrialScheduler} (ASHA), it enqueues every trial the
 * scheduler can hand out at once, and after each result the ones it adds;
 * those later ones (promotions) go to the front of the queue, as ASHA wants.
 *
 * @example
 * const executor = new QueueExecutor({ url: 'redis://10.0.0.5:6379', retries: 2 });
 * const results = await executor.run(plan.trials, (event) => console.error(event.type));
 */
export class QueueExecutor implements SweepExecutor {
  readonly url: string;
  readonly retries: number;
  readonly pollMs: number;

  constructor(options: QueueExecutorOptions) {
    this.url = options.url;
    this.retries = assertInteger('retries', options.retries ?? 1, 0);
    this.pollMs = assertInteger('pollMs', options.pollMs ?? 1000, 10);
  }

  async run(trials: readonly Trial[] | TrialScheduler, onEvent: (event: SweepEvent) => void, options: SweepRunOptions = {}): Promise<TrialResult[]> {
    const scheduler = asScheduler(trials);
    const connection = queueConnection(this.url);
    const queue = new Queue<TrialPayload, TrialOutcome>(QUEUE_NAME, { connection });
    const eventsConnection = queueConnection(this.url);
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection });
    const byJobId = new Map<string, Trial>();
    const results: TrialResult[] = [];
    const running = new Map<string, string>(); // job id -> worker
    const version = nnlabVersion();
    let exhausted = false;
    let first = true;
    // Everything the scheduler hands out now; a job id already in Redis (a re-run, --attach) adds nothing.
    const enqueue = async (): Promise<void> => {
      const batch: Trial[] = [];
      while (!exhausted) {
        const next = scheduler.next();
        if (next === 'wait') break;
        if (next === undefined) exhausted = true;
        else batch.push(next);
      }
      for (const trial of batch) byJobId.set(queueJobId(trial), trial);
      const lifo = !first;
      first = false;
      if (batch.length === 0) return;
      await queue.addBulk(
        batch.map((trial) => ({
          name: trial.sweepId,
          data: { nnlabVersion: version, trial },
          opts: { jobId: queueJobId(trial), attempts: this.retries + 1, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: false, removeOnFail: false, lifo },
        })),
      );
    };
    try {
      await events.waitUntilReady();
      await enqueue();
      await new Promise<void>((resolve, reject) => {
        let checking = Promise.resolve();
        const settle = (): void => {
          if ((byJobId.size === 0 && exhausted) || options.signal?.aborted === true) {
            clearInterval(timer);
            options.signal?.removeEventListener('abort', settle);
            resolve();
          }
        };
        const check = (jobIds: readonly string[]): void => {
          checking = checking
            .then(async () => {
              let finished = false;
              for (const jobId of jobIds) {
                const trial = byJobId.get(jobId);
                if (trial === undefined) continue;
                const job = await queue.getJob(jobId);
                if (job !== undefined && byJobId.has(jobId)) await this.observe(queue, job, trial, running, onEvent, (result) => {
                  byJobId.delete(jobId);
                  running.delete(jobId);
                  results.push(result);
                  scheduler.report(result);
                  finished = true;
                  onEvent({ type: 'trial-finished', result });
                });
              }
              // A result may let the scheduler promote a trial, or tell it the sweep is over.
              if (finished && options.signal?.aborted !== true) await enqueue();
              settle();
            })
            .catch(reject);
        };
        const timer = setInterval(() => check([...byJobId.keys()]), this.pollMs);
        events.on('active', ({ jobId }) => check([jobId]));
        events.on('completed', ({ jobId }) => check([jobId]));
        events.on('failed', ({ jobId }) => check([jobId]));
        events.on('stalled', ({ jobId }) => {
          const worker = running.get(jobId);
          if (worker === undefined || !byJobId.has(jobId)) return;
          running.delete(jobId);
          onEvent({ type: 'worker-exited', worker, reason: 'stopped answering mid-trial (killed or lost); its trial goes back to the queue for another worker' });
        });
        options.signal?.addEventListener('abort', settle, { once: true });
        check([...byJobId.keys()]);
      });
      return results;
    } finally {
      await events.close();
      await queue.close();
      // BullMQ leaves connections it was given open.
      connection.disconnect();
      eventsConnection.disconnect();
    }
  }

  /** Reports what changed about one job: started on a worker, completed, or failed for good (retries used up). */
  private async observe(queue: Queue<TrialPayload, TrialOutcome>, job: Job<TrialPayload, TrialOutcome>, trial: Trial, running: Map<string, string>, onEvent: (event: SweepEvent) => void, finish: (result: TrialResult) => void): Promise<void> {
    const state = await job.getState();
    // The job was read before it finished: read it again so its result is there.
    if (state === 'completed' || state === 'failed') job = (await queue.getJob(job.id ?? '')) ?? job;
    const worker = job.processedBy ?? 'unknown';
    const jobId = job.id ?? '';
    const seconds = job.finishedOn !== undefined && job.processedOn !== undefined ? (job.finishedOn - job.processedOn) / 1000 : 0;
    // A trial can start and finish between two looks (fast trials, busy machine): still report
    // where it ran before its result, so every finished trial has a start in the progress view.
    if ((state === 'completed' || state === 'failed') && !running.has(jobId)) {
      running.set(jobId, worker);
      onEvent({ type: 'trial-started', trial, worker });
    }
    if (state === 'completed') finish(completedTrial(trial, job.returnvalue, seconds, worker));
    else if (state === 'failed') finish(failedTrial(trial, job.failedReason ?? 'failed without a reason', seconds, worker));
    else if (state === 'active' && running.get(jobId) !== worker) {
      running.set(jobId, worker);
      onEvent({ type: 'trial-started', trial, worker });
    }
  }
}

import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertInteger, NotFoundError } from '@nnlab/core';
import { type EpochLog } from '@nnlab/trainers';
import { asScheduler, type TrialScheduler } from '../trial-scheduler.js';
import { completedTrial, failedTrial, type TrialResult } from '../trial-result.js';
import type { SweepEvent, SweepExecutor, SweepRunOptions } from '../sweep-executor.js';
import type { Trial } from '../trial.js';
import { isWorkerMessage, type ParentMessage } from './worker-protocol.js';

/** Options of {@link LocalProcessExecutor}. */
export interface LocalProcessExecutorOptions {
  /** Worker processes running at once (integer >= 1); never more than there are trials. */
  readonly workers: number;
  /** Script each worker runs (default: the CLI's built `sweep/trial-worker.js`). It speaks `worker-protocol.ts`. */
  readonly workerPath?: string;
  /** Node flags for the workers (default: none). */
  readonly execArgv?: readonly string[];
  /** Consecutive workers that may die before saying `ready` before the sweep gives up. Default 3. */
  readonly startupFailureLimit?: number;
}

/**
 * The built worker script. Run from sources (tests), the sibling `.js` does
 * not exist, so this looks in `dist/`: the worker is plain Node and cannot
 * load TypeScript.
 */
export function defaultTrialWorkerPath(): string {
  const here = fileURLToPath(new URL('./trial-worker.js', import.meta.url));
  const built = here.replace(/([\\/])src([\\/]local[\\/]trial-worker\.js)$/, '$1dist$2');
  for (const candidate of [here, built]) if (existsSync(candidate)) return candidate;
  throw new NotFoundError(`the sweep worker script ${built} does not exist; build the CLI first (pnpm build)`);
}

const STDERR_TAIL = 2000;

interface Slot {
  readonly name: string;
  readonly child: ChildProcess;
  ready: boolean;
  exited: boolean;
  trial?: Trial;
  started: number;
  history: EpochLog[];
  stderr: string;
}

/**
 * A {@link SweepExecutor} that runs trials in a pool of local worker
 * processes (`child_process.fork`), each training one trial at a time and
 * reporting over IPC. A trial that throws comes back as failed with its
 * error; a worker that dies (out of memory, killed, a native crash) fails
 * only the trial it was running, and a fresh worker takes its place.
 *
 * @example
 * const executor = new LocalProcessExecutor({ workers: 4 });
 * const results = await executor.run(plan.trials, (event) => console.error(event.type));
 */
export class LocalProcessExecutor implements SweepExecutor {
  readonly workers: number;
  private readonly workerPath: string | undefined;
  private readonly execArgv: readonly string[];
  private readonly startupFailureLimit: number;

  constructor(options: LocalProcessExecutorOptions) {
    this.workers = assertInteger('workers', options.workers, 1);
    this.workerPath = options.workerPath;
    this.execArgv = options.execArgv ?? [];
    this.startupFailureLimit = assertInteger('startupFailureLimit', options.startupFailureLimit ?? 3, 1);
  }

  run(trials: readonly Trial[] | TrialScheduler, onEvent: (event: SweepEvent) => void, options: SweepRunOptions = {}): Promise<TrialResult[]> {
    const workerPath = this.workerPath ?? defaultTrialWorkerPath();
    const scheduler = asScheduler(trials);
    const poolSize = Math.min(this.workers, scheduler.parallelism);
    // Set once the scheduler says no trial will ever come again.
    let exhausted = false;
    // Ready workers with nothing to do until a running trial reports (ASHA waiting for results to promote).
    const idle = new Set<Slot>();
    const results: TrialResult[] = [];
    const slots = new Set<Slot>();
    let workerNumber = 0;
    let startupFailures = 0;
    let aborted = options.signal?.aborted === true;

    return new Promise<TrialResult[]>((resolve) => {
      const settleIfDone = (): void => {
        if ((exhausted || aborted) && slots.size === 0) {
          options.signal?.removeEventListener('abort', abort);
          resolve(results);
        }
      };
      const finish = (result: TrialResult): void => {
        results.push(result);
        scheduler.report(result);
        onEvent({ type: 'trial-finished', result });
      };
      const nextTrial = (): Trial | 'wait' | undefined => {
        if (aborted || exhausted) return undefined;
        const next = scheduler.next();
        if (next === undefined) exhausted = true;
        return next;
      };
      const send = (slot: Slot, message: ParentMessage): void => {
        if (slot.child.connected) slot.child.send(message);
      };
      const dispatch = (slot: Slot): void => {
        idle.delete(slot);
        const trial = nextTrial();
        if (trial === 'wait') {
          idle.add(slot);
          return;
        }
        if (trial === undefined) {
          send(slot, { type: 'shutdown' });
          return;
        }
        Object.assign(slot, { trial, started: performance.now(), history: [] });
        onEvent({ type: 'trial-started', trial, worker: slot.name });
        send(slot, { type: 'run', trial });
      };
      const onExit = (slot: Slot, why: string): void => {
        if (slot.exited) return;
        slot.exited = true;
        slots.delete(slot);
        idle.delete(slot);
        const trial = slot.trial;
        const unexpected = trial !== undefined || !slot.ready;
        if (unexpected && !aborted) {
          const stderr = slot.stderr.trim().split('\n').slice(-3).join(' | ');
          const reason = `worker ${slot.name} (pid ${slot.child.pid ?? '?'}) ${why}${stderr === '' ? '' : `: ${stderr}`}`;
          onEvent({ type: 'worker-exited', worker: slot.name, reason });
          if (trial !== undefined) {
            slot.trial = undefined;
            finish(failedTrial(trial, `${reason} while running this trial`, (performance.now() - slot.started) / 1000, slot.name, slot.history));
          }
          startupFailures = slot.ready ? 0 : startupFailures + 1;
          if (startupFailures >= this.startupFailureLimit) {
            for (let queued = nextTrial(); queued !== undefined && queued !== 'wait'; queued = nextTrial()) finish(failedTrial(queued, `worker processes fail to start: ${reason}`, 0));
            exhausted = true;
          }
        }
        wakeIdle();
        if (!aborted && !exhausted && slots.size < poolSize) spawn();
        settleIfDone();
      };
      const spawn = (): void => {
        workerNumber += 1;
        const child = fork(workerPath, [], { execArgv: [...this.execArgv], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        const slot: Slot = { name: `local-${workerNumber}`, child, ready: false, exited: false, started: 0, history: [], stderr: '' };
        slots.add(slot);
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
          slot.stderr = (slot.stderr + chunk).slice(-STDERR_TAIL);
        });
        child.on('message', (message: unknown) => {
          if (!isWorkerMessage(message)) return;
          if (message.type === 'ready') {
            slot.ready = true;
            dispatch(slot);
            return;
          }
          const trial = slot.trial;
          if (trial === undefined || message.trialId !== trial.id) return;
          if (message.type === 'epoch') {
            slot.history.push(message.log);
            onEvent({ type: 'trial-epoch', trial, worker: slot.name, log: message.log });
            return;
          }
          slot.trial = undefined;
          const seconds = (performance.now() - slot.started) / 1000;
          finish(message.type === 'done' ? completedTrial(trial, message.outcome, seconds, slot.name) : failedTrial(trial, message.error, seconds, slot.name, slot.history));
          startupFailures = 0;
          dispatch(slot);
          wakeIdle();
        });
        // 'close', not 'exit': it comes after the IPC channel and stderr are drained, so no result or error text is lost.
        child.on('close', (code, signal) => onExit(slot, signal === null ? `exited with code ${code}` : `was killed by ${signal}`));
        child.on('error', (error) => {
          onExit(slot, `could not run (${error.message})`);
          child.kill('SIGKILL');
        });
      };
      // A result may have made trials available (promotions), or ended the sweep: idle workers take them or shut down.
      const wakeIdle = (): void => {
        for (const slot of [...idle]) dispatch(slot);
      };
      const abort = (): void => {
        aborted = true;
        for (const slot of slots) slot.child.kill('SIGTERM');
        settleIfDone();
      };
      options.signal?.addEventListener('abort', abort, { once: true });
      if (aborted) {
        settleIfDone();
        return;
      }
      for (let i = 0; i < poolSize; i++) spawn();
      if (poolSize === 0) exhausted = true;
      settleIfDone();
    });
  }
}

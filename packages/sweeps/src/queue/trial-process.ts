import { type ChildProcess, fork } from 'node:child_process';
import type { Trial } from '../trial.js';
import type { TrialOutcome } from '../trial-result.js';
import { UnrecoverableError } from 'bullmq';
import { defaultTrialWorkerPath } from '../local/local-process-executor.js';
import { isWorkerMessage } from '../local/worker-protocol.js';

/**
 * One long-lived training process for `nnlab worker` (the local sweep's
 * `trial-worker.js`, over IPC). Training blocks its event loop for seconds
 * at a time; in a child, the queue worker's own loop stays free to renew its
 * BullMQ lock, so a busy worker is never mistaken for a dead one. The child
 * keeps its backend and cached dataset between trials, exits when this
 * process dies (its IPC channel closes), and is restarted if it crashes.
 *
 * @example
 * const trainer = new TrialProcess();
 * const outcome = await trainer.run(trial);
 */
export class TrialProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;

  constructor(private readonly workerPath: string = defaultTrialWorkerPath()) {}

  /**
   * Trains `trial` in the child. Rejects with BullMQ's `UnrecoverableError`
   * for failures a retry would repeat (nnlab errors: bad settings, a missing
   * dataset), and with a plain `Error` for crashes and internal errors.
   */
  async run(trial: Trial): Promise<TrialOutcome> {
    const child = await this.start();
    return new Promise<TrialOutcome>((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        if (!isWorkerMessage(message) || message.type === 'ready' || message.trialId !== trial.id || message.type === 'epoch') return;
        cleanup();
        if (message.type === 'done') resolve(message.outcome);
        else reject(message.error.startsWith('internal error:') ? new Error(message.error) : new UnrecoverableError(message.error));
      };
      const onExit = (code: number | null, signal: string | null): void => {
        cleanup();
        reject(new Error(`the training process ${signal === null ? `exited with code ${code}` : `was killed by ${signal}`} during the trial`));
      };
      const cleanup = (): void => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ type: 'run', trial });
    });
  }

  /** Stops the child. */
  close(): void {
    this.child?.kill('SIGTERM');
    this.child = undefined;
    this.ready = undefined;
  }

  /** Starts the child (if not running) and resolves once it is ready; `run` calls it, a worker calls it early to load the backend before the first trial. */
  start(): Promise<ChildProcess> {
    if (this.ready !== undefined && this.child?.exitCode === null && this.child.signalCode === null) return this.ready;
    const child = fork(this.workerPath, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child = child;
    this.ready = new Promise<ChildProcess>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the training process exited with code ${code} before it was ready`)));
      child.on('message', (message: unknown) => {
        if (isWorkerMessage(message) && message.type === 'ready') resolve(child);
      });
    });
    return this.ready;
  }
}

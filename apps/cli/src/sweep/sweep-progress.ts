import cliProgress from 'cli-progress';
import type { SweepEvent, SweepMetric, TrialResult } from '@nnlab/sweeps';
import type { Output } from '../output.js';
import { progressTimes } from '../progress-time.js';

const describeTrial = (result: TrialResult): string =>
  Object.entries(result.parameters).map(([k, v]) => `${k}=${String(v)}`).join(' ') || result.trialId;

/**
 * Shows a sweep's progress: with `bar`, one cli-progress bar on stderr with
 * done/running/failed counts and the best value so far, finished trials
 * logged above it; without, one stdout line per finished trial.
 */
export class SweepProgress {
  private readonly multibar: cliProgress.MultiBar | undefined;
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly running = new Set<string>();
  private done = 0;
  private failed = 0;
  private best: number | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly output: Output,
    private total: number,
    private readonly metric: SweepMetric,
    bar: boolean,
  ) {
    if (bar) {
      this.multibar = new cliProgress.MultiBar(
        {
          stream: output.stderr as NodeJS.WritableStream,
          format: 'sweep [{bar}] {value}/{total} done | {running} running | {failed} failed | best {best} | {duration_formatted} elapsed, ETA {remaining}',
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar = this.multibar.create(total, 0, this.payload());
    }
  }

  private payload(): Record<string, string | number> {
    return { running: this.running.size, failed: this.failed, best: this.best === undefined ? '-' : this.best.toFixed(4), ...this.times() };
  }

  // cli-progress's own ETA printed "NFs" before the first trial ended; ours says "-" until it can estimate (elapsed is the bar's own {duration_formatted}, which ticks between events).
  private times(): { elapsed: string; remaining: string } {
    return progressTimes(this.started, this.done, this.total);
  }

  /** Feeds one executor event. */
  onEvent(event: SweepEvent): void {
    if (event.type === 'trial-started') this.running.add(event.trial.id);
    if (event.type === 'worker-exited') this.log(`worker ${event.worker} died: ${event.reason}\n`);
    if (event.type === 'trial-finished') {
      const { result } = event;
      this.running.delete(result.trialId);
      this.done += 1;
      // ASHA's total is an estimate: promotions decided on partial rungs can add runs.
      if (this.done > this.total) {
        this.total = this.done;
        this.bar?.setTotal(this.total);
      }
      const value = result.metrics[this.metric];
      if (result.status === 'failed') this.failed += 1;
      else if (value !== null && (this.best === undefined || (this.metric.endsWith('Loss') ? value < this.best : value > this.best))) this.best = value;
      const what = result.status === 'failed' ? `failed: ${result.error ?? ''}` : `${this.metric} ${value === null ? '-' : value.toFixed(4)}`;
      const { elapsed, remaining } = this.times();
      this.log(`trial ${this.done}/${this.total} ${describeTrial(result)}: ${what} (${result.epochsRun} epoch${result.epochsRun === 1 ? '' : 's'}, ${result.seconds.toFixed(1)}s; sweep ${elapsed} elapsed, ETA ${remaining})\n`);
    }
    this.bar?.update(this.done, this.payload());
  }

  private log(line: string): void {
    if (this.multibar !== undefined) this.multibar.log(line);
    else this.output.stdout.write(line);
  }

  /** Removes the bar. */
  stop(): void {
    this.multibar?.stop();
  }
}

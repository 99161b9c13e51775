import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sweepResultsCsv } from './sweep-csv.js';
import type { SweepSummary } from './sweep-summary.js';
import { writeFileAtomic } from '@nnlab/core/node';

/**
 * Writes `results.json` and `results.csv` into a directory, atomically
 * (temp file + rename), one write at a time: call {@link write} as often as
 * trials finish; a write asked for while one is running is coalesced into
 * the next, so the files always end with the latest summary.
 *
 * @example
 * const writer = new SweepResultsWriter('out');
 * writer.write(summary); // after each trial
 * await writer.flush();
 */
export class SweepResultsWriter {
  readonly dir: string;
  private latest: SweepSummary | undefined;
  private running: Promise<void> | undefined;
  private failure: unknown;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Schedules writing `summary` (replacing any not yet written). */
  write(summary: SweepSummary): void {
    this.latest = summary;
    this.running ??= this.drain();
  }

  /** Resolves when everything scheduled is on disk; rethrows a write error. */
  async flush(): Promise<void> {
    while (this.running !== undefined) await this.running;
    if (this.failure !== undefined) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      while (this.latest !== undefined) {
        const summary = this.latest;
        this.latest = undefined;
        await writeFileAtomic(join(this.dir, 'results.json'), `${JSON.stringify(summary, null, 1)}\n`);
        await writeFileAtomic(join(this.dir, 'results.csv'), sweepResultsCsv(summary));
      }
    } catch (error) {
      this.failure ??= error;
    } finally {
      this.running = undefined;
    }
  }
}

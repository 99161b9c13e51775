import type { BenchRow } from './run-bench.js';
import type { ToAccuracyProgress } from './run-to-accuracy.js';

/** `cpu mlp fit: 12,345 samples/s (2 threads)` or `webgl mlp: unavailable: ...`: a speed bench row as one progress line's text. */
export function describeBenchRow(row: BenchRow): string {
  const what = row.available
    ? `${Math.round(row.samplesPerSec ?? 0).toLocaleString('en-US')} samples/s${row.threads === null ? '' : ` (${row.threads} thread${row.threads === 1 ? '' : 's'})`}`
    : `unavailable: ${row.reason ?? 'not available'}`;
  return `${row.backend} ${row.workload}${row.variant === 'nnlab' ? '' : ` ${row.variant}`}: ${what}`;
}

/** `reached in 8.1 s (1.50 epochs)`, `not reached in 300 s, best 96.10%` or `failed: ...`: how a time-to-accuracy run ended. */
export function describeAccuracyRunEnd(event: Extract<ToAccuracyProgress, { type: 'end' }>): string {
  if (event.error !== undefined) return `failed: ${event.error}`;
  return event.run?.reached === true
    ? `reached in ${event.run.seconds?.toFixed(1)} s (${event.run.epochs.toFixed(2)} epochs)`
    : `not reached in ${event.run?.trainSeconds.toFixed(0)} s, best ${((event.run?.bestAccuracy ?? 0) * 100).toFixed(2)}%`;
}

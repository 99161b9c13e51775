/**
 * A duration as people read it on a progress line: `42s`, `3m05s`, `1h02m`;
 * `-` for a time not known yet (NaN, infinite or negative).
 *
 * @example
 * formatDuration(185); // '3m05s'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Elapsed time since `startedMs` (a `performance.now()` reading) and the
 * time left if the remaining `total - done` units go at the rate of the
 * `done` so far; the estimate is `-` until one unit has finished.
 *
 * @example
 * progressTimes(performance.now() - 30_000, 3, 9); // { elapsed: '30s', remaining: '1m00s' }
 */
export function progressTimes(startedMs: number, done: number, total: number, now = performance.now()): { elapsed: string; remaining: string } {
  const elapsed = (now - startedMs) / 1000;
  const remaining = done > 0 && total >= done ? (elapsed / done) * (total - done) : Number.NaN;
  // Named `remaining`, not `eta`: cli-progress fills its own `eta` token and would overwrite ours.
  return { elapsed: formatDuration(elapsed), remaining: formatDuration(remaining) };
}

import type { LabRow } from './lab.js';

/**
 * A lab's rows as a markdown table (variant, metric, value, seconds), what
 * `pnpm lab <name>` prints and the labs' READMEs show.
 *
 * @example
 * formatRows([{ variant: 'adam', metric: 'test accuracy %', value: 95.51, seconds: 20 }]);
 */
export function formatRows(rows: readonly LabRow[]): string {
  const lines = rows.map((r) => `| ${r.variant} | ${r.metric} | ${formatValue(r.value, r.metric)} | ${r.seconds.toFixed(1)} |`);
  return ['| variant | metric | value | seconds |', '| --- | --- | --- | --- |', ...lines].join('\n') + '\n';
}

/** Percentages with two decimals, other values with three significant digits. */
export function formatValue(value: number, metric: string): string {
  if (!Number.isFinite(value)) return String(value);
  return metric.includes('%') ? value.toFixed(2) : value.toPrecision(3);
}

import type { SweepSummary } from './sweep-summary.js';
import { sweepMetrics } from './trial-result.js';

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The sweep's results as CSV (RFC 4180 quoting), one row per trial in rank
 * order: rank (1 = best), id, status, each swept parameter, the final
 * metrics, epochs run, seconds, backend and error.
 *
 * @example
 * await writeFile('results.csv', sweepResultsCsv(summary));
 */
export function sweepResultsCsv(summary: SweepSummary): string {
  const names = summary.grids.map((g) => g.name);
  const header = ['rank', 'trialId', 'status', ...names, ...sweepMetrics, 'epochs', 'seconds', 'backend', 'error'];
  const rows = summary.trials.map((trial, i) => [
    trial.status === 'completed' ? i + 1 : '',
    trial.trialId,
    trial.status,
    ...names.map((name) => trial.parameters[name]),
    ...sweepMetrics.map((metric) => trial.metrics[metric]),
    trial.epochsRun,
    trial.seconds.toFixed(3),
    trial.backend,
    trial.error,
  ]);
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

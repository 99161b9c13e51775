import type { SweepMetric, TrialResult } from './trial-result.js';
import type { SweepSummary } from './sweep-summary.js';

const percent = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(2)}%`);
// The full error is in results.json; the table keeps one readable line per trial.
const shorten = (text: string): string => (text.length > 100 ? `${text.slice(0, 99)}…` : text);
const fixed = (x: number | null): string => (x === null ? '-' : x.toFixed(4));
const COLUMNS: ReadonlyArray<readonly [SweepMetric, string]> = [
  ['validationAccuracy', 'val acc'],
  ['validationLoss', 'val loss'],
  ['testAccuracy', 'test acc'],
  ['testLoss', 'test loss'],
  ['trainAccuracy', 'train acc'],
  ['trainLoss', 'train loss'],
];

/**
 * The results table `nnlab sweep` prints: one row per trial, best first by
 * the sweep's metric, the best marked with `*`; each swept parameter, the
 * final validation, test and train metrics (a column only when some trial has it), epochs run and seconds; failed trials last
 * with their error.
 *
 * @example
 * output.stdout.write(formatSweepTable(summary));
 */
export function formatSweepTable(summary: SweepSummary): string {
  const names = summary.grids.map((g) => g.name);
  // Older results (before validation splits) have no validation metrics: no empty columns for them.
  const metrics = COLUMNS.filter(([metric]) => metric === summary.metric || summary.trials.some((t) => t.metrics[metric] !== null && t.metrics[metric] !== undefined));
  const header = ['', '#', ...names, ...metrics.map(([, title]) => title), 'epochs', 'seconds', 'status'];
  const row = (trial: TrialResult, rank: number): string[] => [
    summary.best !== null && trial.trialId === summary.best.trialId ? '*' : '',
    trial.status === 'completed' ? String(rank) : '-',
    ...names.map((name) => String(trial.parameters[name] ?? '')),
    ...metrics.map(([metric]) => (metric.endsWith('Accuracy') ? percent : fixed)(trial.metrics[metric] ?? null)),
    String(trial.epochsRun),
    trial.seconds.toFixed(1),
    trial.status === 'completed' ? 'ok' : `failed: ${shorten(trial.error ?? '')}`,
  ];
  const rows = [header, ...summary.trials.map((t, i) => row(t, i + 1))];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => (c === header.length - 1 ? 0 : (r[c] ?? '').length))));
  const numeric = (c: number): boolean => c >= 2 + names.length && c < header.length - 1;
  const lines = rows.map((r) =>
    r
      .map((cell, c) => (c === header.length - 1 ? cell : numeric(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const order = summary.order === 'descending' ? 'highest' : 'lowest';
  return `${lines.join('\n')}\n* best by ${summary.metric} (${order} first)\n`;
}

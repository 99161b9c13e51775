import type { ToAccuracyReport } from './run-to-accuracy.js';

const seconds = (value: number | null, digits = 1): string => (value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits));
const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(2)}%`);

/**
 * Renders a time-to-accuracy report as text: per recipe a header (target,
 * evaluation cadence, data and its loading time), one line per contender
 * (median seconds to the target or "not reached", seeds that reached it,
 * steps, epochs, best accuracy, its own data preparation), the rows that
 * could not run with their reason, then every contender's set-up and the
 * machine with its load average.
 */
export function formatToAccuracyTable(report: ToAccuracyReport): string {
  const out: string[] = [];
  for (const recipe of report.recipes) {
    out.push(`${recipe.name}: ${recipe.description}`);
    out.push(
      `  target ${percent(recipe.target)} test accuracy, evaluated on the whole test set every ${recipe.evalEvery} steps (evaluations count in the time)` +
        (recipe.reason === undefined ? `; data: ${recipe.source}, loaded in ${seconds(recipe.dataSeconds ?? null, 2)} s (not in the times)` : ''),
    );
    if (recipe.reason !== undefined) {
      out.push(`  not run: ${recipe.reason}`, '');
      continue;
    }
    const rows = report.rows.filter((r) => r.recipe === recipe.name);
    const header = ['backend/peer', 'time to target s', 'reached', 'steps', 'epochs', 'best acc', 'data prep s', 'threads'];
    const body = rows
      .filter((r) => r.available)
      .map((r) => [
        r.kind === 'peer' ? r.contender : `nnlab ${r.contender}`,
        r.seconds === null ? 'not reached' : seconds(r.seconds),
        `${r.reachedRuns}/${r.runs}`,
        r.steps === null ? '-' : String(Math.round(r.steps)),
        r.epochs === null ? '-' : r.epochs.toFixed(2),
        percent(r.bestAccuracy),
        seconds(r.dataSeconds, 2),
        r.threads === null ? '-' : String(r.threads),
      ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')}`.trimEnd();
    out.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line));
    // Contenders unavailable on this machine are listed once, below; here only what concerns this recipe.
    const absent = new Set(report.contenders.filter((c) => c.reason !== undefined).map((c) => c.name));
    for (const row of rows.filter((r) => (!r.available || r.reason !== undefined) && !absent.has(r.contender))) out.push(`  ${row.contender}: ${row.reason}`);
    out.push('');
  }
  for (const contender of report.contenders) out.push(`${contender.name}: ${contender.setup ?? (contender.reason === undefined ? '' : `not available: ${contender.reason}`)}`);
  const m = report.machine;
  out.push(
    '',
    `median over seeds ${report.seeds.join(', ')} (interleaved); cap ${report.maxSeconds} s of training per run; ` +
      `${m.cpus} x ${m.cpuModel}, Node ${m.node}; load average ${m.loadAverage.join(' ')} at the start${m.loadAverageEnd === undefined ? '' : `, ${m.loadAverageEnd.join(' ')} at the end`}; ${report.startedAt}`,
  );
  return out.join('\n');
}

import type { BenchReport, BenchRow } from './run-bench.js';

function fmt(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Ratio of a row's samples/s to the baseline variant's (the first variant) on the same backend and workload. */
export function ratioToBaseline(row: BenchRow, rows: readonly BenchRow[], baseline = 'nnlab'): number | null {
  const base = rows.find((r) => r.backend === row.backend && r.workload === row.workload && r.variant === baseline);
  if (base?.samplesPerSec == null || row.samplesPerSec === null) return null;
  return row.samplesPerSec / base.samplesPerSec;
}

/**
 * Renders a report as an aligned text table: one line per measured row,
 * then one line per unavailable backend/variant with its reason.
 * (Hand-aligned: a dozen lines do not justify a table dependency.)
 */
export function formatBenchTable(report: BenchReport): string {
  const measured = report.results.filter((r) => r.available);
  const hasVariants = new Set(report.results.map((r) => r.variant)).size > 1;
  const header = ['backend', 'workload', ...(hasVariants ? ['variant'] : []), 'batch', 'samples/s', 'step ms', 'first step ms', ...(hasVariants ? ['vs nnlab'] : []), 'threads', 'simd'];
  const body = measured.map((r) => {
    const ratio = ratioToBaseline(r, report.results);
    return [
      r.backend,
      r.workload,
      ...(hasVariants ? [r.variant] : []),
      String(r.batchSize),
      fmt(r.samplesPerSec),
      fmt(r.stepMs, 1),
      fmt(r.firstStepMs, 0),
      ...(hasVariants ? [ratio === null ? '-' : `${ratio.toFixed(2)}x`] : []),
      String(r.threads ?? '-'),
      r.simd === null ? '-' : r.simd ? 'yes' : 'no',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const numeric = new Set(['batch', 'samples/s', 'step ms', 'first step ms', 'vs nnlab', 'threads']);
  const line = (cells: string[]): string =>
    cells.map((c, i) => (numeric.has(header[i] as string) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const unavailable = new Map<string, string>();
  for (const r of report.results.filter((row) => !row.available)) {
    const key = hasVariants && r.variant !== 'nnlab' ? `${r.backend} (${r.variant}, ${r.workload})` : r.backend;
    if (!unavailable.has(key)) unavailable.set(key, r.reason ?? 'not available');
  }
  if (unavailable.size > 0) {
    out.push('');
    for (const [key, reason] of unavailable) out.push(`${key}: ${reason}`);
  }
  out.push('');
  out.push(
    `median of ${report.repeats} repeats, ${report.budgetSeconds}s budget per backend x workload${report.quick ? ' (quick: batch <= 16)' : ''}; ` +
      `${report.machine.cpus} x ${report.machine.cpuModel}, Node ${report.machine.node}, tfjs-core ${report.machine.tfjsCore}`,
  );
  return out.join('\n');
}

import type { BenchReport, BenchRow } from './run-bench.js';

function fmt(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Ratio of a row's samples/s to the baseline variant's (the first variant) on the same backend and workload. */
export function ratioToBaseline(row: BenchRow, rows: readonly BenchRow[], baseline = 'nnlab'): number | null {
  const base = rows.find((r) => r.backend === row.backend && r.workload === row.workload && r.variant === baseline && r.environment === row.environment);
  if (base?.samplesPerSec == null || row.samplesPerSec === null) return null;
  return row.samplesPerSec / base.samplesPerSec;
}

/** The backend column: rows measured in a browser (`nnlab bench --browser`) say so, since Node has a wasm and a cpu too. */
function backendLabel(row: BenchRow): string {
  return row.environment === 'browser' ? `${row.backend} (browser)` : row.backend;
}

/** Names of the peers with measured rows, in order of appearance. */
function peerNames(rows: readonly BenchRow[]): string[] {
  return [...new Set(rows.filter((r) => r.variant === 'peer' && r.available).map((r) => r.backend))];
}

/**
 * Ratio of a row's samples/s to the peer's on the same workload, taking the
 * peer's fastest configuration (a peer is only beaten at its best).
 */
export function ratioToPeer(row: BenchRow, rows: readonly BenchRow[], peer: string): number | null {
  const best = Math.max(...rows.filter((r) => r.variant === 'peer' && r.backend === peer && r.workload === row.workload).map((r) => r.samplesPerSec ?? 0));
  if (row.samplesPerSec === null || !(best > 0)) return null;
  return row.samplesPerSec / best;
}

/**
 * Renders a report as an aligned text table: one line per measured row,
 * then one line per unavailable backend/variant with its reason.
 * (Hand-aligned: a dozen lines do not justify a table dependency.)
 */
export function formatBenchTable(report: BenchReport): string {
  const measured = report.results.filter((r) => r.available);
  const hasVariants = new Set(report.results.map((r) => r.variant)).size > 1;
  const hasOwnVariants = new Set(report.results.filter((r) => r.variant !== 'peer').map((r) => r.variant)).size > 1;
  const peers = peerNames(report.results);
  const peerColumns = peers.map((p) => `vs ${p}`);
  const header = [
    'backend', 'workload', ...(hasVariants ? ['variant'] : []), 'batch', 'samples/s', 'step ms', 'first step ms',
    ...(hasOwnVariants ? ['vs nnlab'] : []), ...peerColumns, 'threads', 'simd',
  ];
  const body = measured.map((r) => {
    const ratio = r.variant === 'peer' ? null : ratioToBaseline(r, report.results);
    const peerRatios = peers.map((p) => {
      const value = r.variant === 'peer' ? null : ratioToPeer(r, report.results, p);
      return value === null ? '-' : `${value.toFixed(2)}x`;
    });
    return [
      backendLabel(r),
      r.workload,
      ...(hasVariants ? [r.variant] : []),
      String(r.batchSize),
      fmt(r.samplesPerSec),
      fmt(r.stepMs, 1),
      fmt(r.firstStepMs, 0),
      ...(hasOwnVariants ? [ratio === null ? '-' : `${ratio.toFixed(2)}x`] : []),
      ...peerRatios,
      r.blasThreads === undefined ? String(r.threads ?? '-') : `${r.threads ?? '-'} (BLAS ${r.blasThreads})`,
      r.simd === null ? '-' : r.simd ? 'yes' : 'no',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const numeric = new Set(['batch', 'samples/s', 'step ms', 'first step ms', 'vs nnlab', ...peerColumns, 'threads']);
  const line = (cells: string[]): string =>
    cells.map((c, i) => (numeric.has(header[i] as string) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const unavailable = new Map<string, string>();
  for (const r of report.results.filter((row) => !row.available)) {
    const key = hasVariants && r.variant !== 'nnlab' && r.variant !== 'peer' ? `${backendLabel(r)} (${r.variant}, ${r.workload})` : backendLabel(r);
    if (!unavailable.has(key)) unavailable.set(key, r.reason ?? 'not available');
  }
  if (unavailable.size > 0) {
    out.push('');
    for (const [key, reason] of unavailable) out.push(`${key}: ${reason}`);
  }
  const setups = (report.peers ?? []).filter((p) => p.setup !== undefined);
  if (setups.length > 0) {
    out.push('');
    for (const peer of setups) out.push(`${peer.name} set-up: ${peer.setup}`);
  }
  out.push('');
  out.push(
    `median of ${report.repeats} repeats, ${report.budgetSeconds}s budget per backend x workload${report.quick ? ' (quick: batch <= 16)' : ''}; ` +
      `${report.machine.cpus} x ${report.machine.cpuModel}, Node ${report.machine.node}, tfjs-core ${report.machine.tfjsCore}`,
  );
  return out.join('\n');
}

import type { LabRow } from './lab.js';

/** How a parity row compares nnlab with PyTorch. */
export type ParityVerdict = 'within 1 pp' | 'within 2 SE' | 'within 10x' | 'FAIL' | 'missing';

/** One `(variant, metric)` compared over seeds: means, sample standard deviations, times. */
export interface ParityRow {
  readonly variant: string;
  readonly metric: string;
  readonly nnlab: Summary;
  readonly torch: Summary;
  /** nnlab mean minus PyTorch mean. */
  readonly difference: number;
  /** Two standard errors of the difference of the means. */
  readonly twoSe: number;
  readonly verdict: ParityVerdict;
}

/** Mean and sample standard deviation of one side's values, and its mean wall time. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly seconds: number;
}

/**
 * Compares per-seed rows of the TypeScript lab (`nnlab[seed]`) with its
 * PyTorch twin's (`torch[seed]`), matched by `(variant, metric)`, in the
 * TypeScript lab's order. The bar of issue #15: a percentage metric passes
 * when the means are within 1 percentage point, or, when PyTorch's own seeds
 * spread by more than 1 pp (sd > 1), within two standard errors of the
 * difference. Other metrics (gradient-check relative differences, which
 * depend on float32 rounding) pass within a factor of 10.
 *
 * @example
 * const rows = parityTable([[{ variant: 'a', metric: 'test accuracy %', value: 95, seconds: 1 }]], [[{ variant: 'a', metric: 'test accuracy %', value: 95.4, seconds: 2 }]]);
 * rows[0]?.verdict; // 'within 1 pp'
 */
export function parityTable(nnlab: readonly (readonly LabRow[])[], torch: readonly (readonly LabRow[])[]): ParityRow[] {
  const keys: string[] = [];
  for (const row of [...nnlab.flat(), ...torch.flat()]) {
    const key = JSON.stringify([row.variant, row.metric]);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys.map((key) => {
    const [variant, metric] = JSON.parse(key) as [string, string];
    const pick = (runs: readonly (readonly LabRow[])[]): LabRow[] => runs.flat().filter((r) => r.variant === variant && r.metric === metric);
    const a = summarize(pick(nnlab));
    const b = summarize(pick(torch));
    const difference = a.mean - b.mean;
    const twoSe = 2 * Math.sqrt((a.n > 0 ? a.sd ** 2 / a.n : 0) + (b.n > 0 ? b.sd ** 2 / b.n : 0));
    return { variant, metric, nnlab: a, torch: b, difference, twoSe, verdict: verdictOf(metric, a, b, difference, twoSe) };
  });
}

function verdictOf(metric: string, a: Summary, b: Summary, difference: number, twoSe: number): ParityVerdict {
  if (a.n === 0 || b.n === 0) return 'missing';
  if (!metric.includes('%')) {
    const ratio = Math.max(Math.abs(a.mean), Math.abs(b.mean)) / Math.max(Math.min(Math.abs(a.mean), Math.abs(b.mean)), Number.MIN_VALUE);
    return ratio <= 10 ? 'within 10x' : 'FAIL';
  }
  if (Math.abs(difference) <= 1) return 'within 1 pp';
  if (b.sd > 1 && Math.abs(difference) <= twoSe) return 'within 2 SE';
  return 'FAIL';
}

function summarize(rows: readonly LabRow[]): Summary {
  const n = rows.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, seconds: Number.NaN };
  const mean = rows.reduce((s, r) => s + r.value, 0) / n;
  const spread = n > 1 ? Math.sqrt(rows.reduce((s, r) => s + (r.value - mean) ** 2, 0) / (n - 1)) : 0;
  // Identical values leave a spread of ~1e-21 from rounding in the mean: that is 0.
  const sd = spread <= 1e-9 * Math.abs(mean) ? 0 : spread;
  return { n, mean, sd, seconds: rows.reduce((s, r) => s + r.seconds, 0) / n };
}

/**
 * The parity rows as a markdown table (the one `docs/LABS.md` shows). A side
 * with fewer seeds than the most any side has (a merged run where only some
 * variants got extra seeds) says how many, e.g. `90.13 ± 0.15 (3 seeds)`.
 *
 * @example
 * await writeFile('parity.md', parityMarkdown(parityTable(nnlabRuns, torchRuns)));
 */
export function parityMarkdown(rows: readonly ParityRow[]): string {
  const most = Math.max(0, ...rows.flatMap((r) => [r.nnlab.n, r.torch.n]));
  const head = '| variant | metric | nnlab mean ± sd | PyTorch mean ± sd | difference | 2·SE | nnlab s | PyTorch s | verdict |';
  const lines = rows.map((r) => {
    const cells = [
      r.variant,
      r.metric,
      meanSd(r.nnlab, r.metric, most),
      meanSd(r.torch, r.metric, most),
      number(r.difference, r.metric),
      number(r.twoSe, r.metric),
      r.nnlab.seconds.toFixed(1),
      r.torch.seconds.toFixed(1),
      r.verdict,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [head, `|${' --- |'.repeat(9)}`, ...lines].join('\n') + '\n';
}

function meanSd(s: Summary, metric: string, most: number): string {
  if (s.n === 0) return '-';
  const seeds = s.n < most ? ` (${s.n} seed${s.n === 1 ? '' : 's'})` : '';
  return `${number(s.mean, metric)} ± ${number(s.sd, metric)}${seeds}`;
}

function number(value: number, metric: string): string {
  if (!Number.isFinite(value)) return '-';
  if (metric.includes('%')) return value.toFixed(2);
  return value === 0 ? '0' : value.toExponential(1);
}

import type { BenchReport, BenchRow } from '@nnlab/bench';
import { Chart } from 'chart.js';
import { registerChartParts } from '../charts/register-chart-parts.js';
import { element } from '../dom/element.js';
import { type BrowserBenchOptions, runBrowserBench } from './run-browser-bench.js';

const COLOURS: Readonly<Record<string, string>> = { webgpu: '#7c3aed', webgl: '#2563eb', wasm: '#059669', cpu: '#d97706' };

function fmt(value: number | null, digits = 0): string {
  return value === null ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** `fit` or `bare step` (the step alone, read back every step), for the table and chart. */
const loopName = (variant: string): string => (variant === 'fit' ? 'fit' : 'bare step');

/** The benchmark table: one row per measured cell (the bare step and `fit` beside it), one line per unavailable backend with its reason. */
export function benchTable(rows: readonly BenchRow[]): HTMLTableElement {
  const head = element('tr', {}, ...['backend', 'workload', 'loop', 'batch', 'samples/s', 'step ms', 'first step ms', 'threads', 'simd'].map((h) => element('th', {}, h)));
  const body = element('tbody', {});
  for (const r of rows) {
    if (r.available) {
      body.append(
        element(
          'tr',
          { dataset: { backend: r.backend, workload: r.workload, variant: r.variant } },
          ...[r.backend, r.workload, loopName(r.variant), String(r.batchSize), fmt(r.samplesPerSec), fmt(r.stepMs, 1), fmt(r.firstStepMs), String(r.threads ?? '-'), r.simd === null ? '-' : r.simd ? 'yes' : 'no'].map((c) =>
            element('td', {}, c),
          ),
        ),
      );
    } else {
      const cell = element('td', { colSpan: 8 }, r.reason ?? 'unavailable');
      body.append(element('tr', { className: 'unavailable', dataset: { backend: r.backend, workload: r.workload } }, element('td', {}, r.backend), cell));
    }
  }
  return element('table', { className: 'bench-table', id: 'bench-table' }, element('thead', {}, head), body);
}

/**
 * The bench tab: runs the benchmark workloads on every browser backend and
 * shows a table and a bar chart of samples/s (one bar per backend, grouped by
 * workload).
 */
export class BenchView {
  private readonly tableHolder = element('div', {});
  private readonly status = element('p', { id: 'bench-status' }, 'Times training steps of the benchmark workloads on each backend this browser has.');
  private readonly canvas = element('canvas', { id: 'bench-chart' });
  private chart: Chart<'bar'> | undefined;
  private readonly button = element('button', { type: 'button', id: 'bench-run' }, 'Run benchmark');
  private readonly quick = element('input', { type: 'checkbox', checked: true, id: 'bench-quick' });
  private readonly workloadChoice = element('select', { id: 'bench-workloads' }, element('option', { value: 'mlp' }, 'mlp'), element('option', { value: 'mlp,cnn' }, 'mlp + cnn'));
  /** Set while a run is in progress or done: what the page measured last. */
  lastReport: BenchReport | undefined;

  /** `hooks.before` runs before measuring (the demo stops training), `hooks.after` once done (it reselects the training backend). */
  constructor(container: HTMLElement, private readonly hooks: { before(): Promise<void>; after(): Promise<void> }) {
    this.button.addEventListener('click', () => void this.run());
    container.append(
      element('div', { className: 'controls' }, this.button, element('label', {}, this.quick, ' quick (small batches, short budget)'), element('label', {}, 'workloads ', this.workloadChoice)),
      this.status,
      element('div', { className: 'chart-box' }, this.canvas),
      this.tableHolder,
    );
  }

  /** Runs the benchmark with the controls' settings (or `options`), then shows the results. */
  async run(options?: BrowserBenchOptions): Promise<BenchReport> {
    this.button.disabled = true;
    try {
      await this.hooks.before();
      const settings: BrowserBenchOptions = options ?? { quick: this.quick.checked, workloads: this.workloadChoice.value.split(',') };
      const rows: BenchRow[] = [];
      const { report } = await runBrowserBench(settings, (event) => {
        if (event.type === 'cell') this.status.textContent = `running ${event.backend} on ${event.workload} (${event.index} of ${event.total})...`;
        if (event.type === 'row') {
          rows.push(event.row);
          this.tableHolder.replaceChildren(benchTable(rows));
        }
      });
      this.lastReport = report;
      this.tableHolder.replaceChildren(benchTable(report.results));
      this.drawChart(report.results);
      this.status.textContent = `done in ${report.seconds.toFixed(1)} s: median of ${report.repeats} repeats, ${report.budgetSeconds} s per backend and workload${report.quick ? ' (quick)' : ''}.`;
      return report;
    } finally {
      await this.hooks.after();
      this.button.disabled = false;
    }
  }

  private drawChart(rows: readonly BenchRow[]): void {
    registerChartParts();
    const measured = rows.filter((r) => r.available);
    const workloads = [...new Set(measured.map((r) => r.workload))];
    const series = [...new Set(measured.map((r) => `${r.backend}|${r.variant}`))];
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: {
        labels: workloads,
        datasets: series.map((key) => {
          const [backend = '', variant = ''] = key.split('|');
          return {
            label: `${backend} (${loopName(variant)})`,
            backgroundColor: COLOURS[backend] ?? '#64748b',
            // fit's bars lighter than the bare step's of the same backend.
            ...(variant === 'fit' ? { borderColor: COLOURS[backend] ?? '#64748b', borderWidth: 2, backgroundColor: `${COLOURS[backend] ?? '#64748b'}80` } : {}),
            data: workloads.map((w) => measured.find((r) => r.backend === backend && r.variant === variant && r.workload === w)?.samplesPerSec ?? 0),
          };
        }),
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { title: { display: true, text: 'training samples per second (higher is better)' } } },
    });
  }
}

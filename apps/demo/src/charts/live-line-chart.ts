import { Chart } from 'chart.js';
import { registerChartParts } from './register-chart-parts.js';

/** A line series of a {@link LiveLineChart}. */
export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
}

/**
 * A Chart.js line chart that takes points as training produces them and
 * redraws at most once per animation frame (training reports several times a
 * second; redrawing per point would steal time from training).
 *
 * @example
 * const chart = new LiveLineChart(canvas, 'loss', [{ label: 'train', color: '#2563eb' }]);
 * chart.add(0, step, loss);
 */
export class LiveLineChart {
  private readonly chart: Chart<'line', Array<{ x: number; y: number }>>;
  private redrawScheduled = false;

  constructor(canvas: HTMLCanvasElement, title: string, series: readonly SeriesSpec[], options: { yMin?: number; yMax?: number; xLabel?: string } = {}) {
    registerChartParts();
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: series.map((s) => ({ label: s.label, data: [], borderColor: s.color, backgroundColor: s.color, pointRadius: 0, borderWidth: 2, tension: 0.2 })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        // The legend names every series, even a single one: a chart should say what its line is.
        plugins: { title: { display: true, text: title }, legend: { display: true, labels: { boxWidth: 14, boxHeight: 2 } } },
        scales: {
          x: { type: 'linear', title: { display: true, text: options.xLabel ?? 'step' } },
          y: { type: 'linear', ...(options.yMin === undefined ? {} : { min: options.yMin }), ...(options.yMax === undefined ? {} : { max: options.yMax }) },
        },
      },
    });
  }

  /** Appends a point to series `index`. */
  add(index: number, x: number, y: number): void {
    const dataset = this.chart.data.datasets[index];
    if (dataset === undefined || !Number.isFinite(y)) return;
    dataset.data.push({ x, y });
    if (this.redrawScheduled) return;
    this.redrawScheduled = true;
    requestAnimationFrame(() => {
      this.redrawScheduled = false;
      this.chart.update('none');
    });
  }

  /** Number of points in each series (tests and the page check that charts move). */
  pointCounts(): number[] {
    return this.chart.data.datasets.map((d) => d.data.length);
  }

  /** The labels the legend shows, as drawn (tests check that every series is named). */
  legendLabels(): string[] {
    return (this.chart.legend?.legendItems ?? []).map((item) => item.text);
  }

  /** Removes every point. */
  clear(): void {
    for (const dataset of this.chart.data.datasets) dataset.data = [];
    this.chart.update('none');
  }
}

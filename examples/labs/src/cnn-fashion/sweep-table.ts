import type { renderSvg } from '@nnlab/report';

/** A Vega-Lite spec, as `renderSvg` takes it. */
type ChartSpec = Parameters<typeof renderSvg>[0];

/** One finished run of the learning-rate x weight-decay sweep. */
export interface SweepPoint {
  readonly learningRate: number;
  readonly weightDecay: number;
  /** Final test accuracy, %. */
  readonly accuracy: number;
  /** Mean training loss of the last epoch. */
  readonly trainLoss: number;
}

const distinct = (values: readonly number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

/**
 * The sweep as a markdown table: one row per learning rate, one column per
 * weight decay, each cell "test accuracy % (final train loss)", the way the
 * lab asks to compare them.
 *
 * @example
 * sweepTable([{ learningRate: 0.01, weightDecay: 0, accuracy: 85.1, trainLoss: 0.41 }]);
 */
export function sweepTable(points: readonly SweepPoint[]): string {
  const rates = distinct(points.map((p) => p.learningRate));
  const decays = distinct(points.map((p) => p.weightDecay));
  const cell = (lr: number, wd: number): string => {
    const point = points.find((p) => p.learningRate === lr && p.weightDecay === wd);
    return point === undefined ? '' : `${point.accuracy.toFixed(2)} (${point.trainLoss.toFixed(3)})`;
  };
  const lines = [
    `| lr \\ weight decay | ${decays.map(String).join(' | ')} |`,
    `| --- | ${decays.map(() => '---:').join(' | ')} |`,
    ...rates.map((lr) => `| ${lr} | ${decays.map((wd) => cell(lr, wd)).join(' | ')} |`),
  ];
  return `Test accuracy % (final training loss) of cnn after the sweep's epochs:\n\n${lines.join('\n')}\n`;
}

/**
 * One sentence on the sweep's extremes: the best and worst (learning rate,
 * weight decay) by test accuracy.
 *
 * @example
 * sweepSummary(points); // 'Sweep: best lr 0.01, wd 0 (88.10%); worst lr 0.001, wd 0.04 (70.05%).'
 */
export function sweepSummary(points: readonly SweepPoint[]): string {
  const sorted = [...points].sort((a, b) => b.accuracy - a.accuracy);
  const name = (p: SweepPoint): string => `lr ${p.learningRate}, wd ${p.weightDecay} (${p.accuracy.toFixed(2)}%)`;
  const [best, worst] = [sorted[0], sorted[sorted.length - 1]];
  return best === undefined || worst === undefined ? 'Sweep: no runs.' : `Sweep: best ${name(best)}; worst ${name(worst)}.`;
}

/**
 * A Vega-Lite spec of test accuracy against learning rate (log axis), one
 * line per weight decay; render it with `renderSvg` from `@nnlab/report`.
 *
 * @example
 * await writeFile('sweep.svg', await renderSvg(sweepChartSpec(points)));
 */
export function sweepChartSpec(points: readonly SweepPoint[]): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'cnn: test accuracy against learning rate, per weight decay',
    width: 360,
    height: 240,
    data: { values: points.map((p) => ({ lr: p.learningRate, wd: String(p.weightDecay), accuracy: p.accuracy / 100 })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'lr', type: 'quantitative', title: 'learning rate', scale: { type: 'log' } },
      y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', axis: { format: '.0%' }, scale: { zero: false } },
      color: { field: 'wd', type: 'nominal', title: 'weight decay' },
    },
  };
}

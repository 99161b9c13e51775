import type { EpochLog } from '@nnlab/trainers';
import type { SweepMetric, SweepSummary, SweepValue } from '@nnlab/sweeps';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartOptions } from './learning-curve-spec.js';

const METRIC_TITLES: Record<string, string> = {
  validationAccuracy: 'validation accuracy',
  validationLoss: 'validation loss',
  testAccuracy: 'test accuracy',
  testLoss: 'test loss',
  trainAccuracy: 'train accuracy',
  trainLoss: 'train loss',
};

/** How a swept parameter's values are best laid out on an axis. */
function axisFor(values: readonly SweepValue[]): { type: 'quantitative' | 'ordinal'; log: boolean } {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length !== values.length) return { type: 'ordinal', log: false };
  const positive = numbers.filter((n) => n > 0);
  const spread = positive.length > 0 ? Math.max(...positive) / Math.min(...positive) : 1;
  if (spread >= 10) return positive.length === numbers.length ? { type: 'quantitative', log: true } : { type: 'ordinal', log: false };
  return { type: 'quantitative', log: false };
}

/**
 * A Vega-Lite spec of the sweep's metric against one swept parameter: a
 * point per completed trial and a line through the mean at each value (the
 * labs' "accuracy against learning rate / width / weight decay" figure).
 * Values spanning a decade or more get a log axis; values that include
 * 0 then (weight decay 0, 1e-4, 1e-3) are shown as ordered categories.
 *
 * @example
 * const svg = await renderSvg(sweepMetricSpec(summary, 'lr'));
 */
export function sweepMetricSpec(summary: SweepSummary, parameter: string, options: ChartOptions = {}): TopLevelSpec {
  const grid = summary.grids.find((g) => g.name === parameter);
  const axis = axisFor(grid?.values ?? []);
  const metricTitle = METRIC_TITLES[summary.metric] ?? summary.metric;
  const values = summary.trials
    .filter((t) => t.status === 'completed' && t.metrics[summary.metric] !== null && t.parameters[parameter] !== undefined)
    .map((t) => ({ value: t.parameters[parameter], metric: t.metrics[summary.metric] }));
  const sortOrder = axis.type === 'ordinal' && grid !== undefined ? [...grid.values].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : 0)) : undefined;
  const x = {
    field: 'value',
    type: axis.type,
    title: parameter,
    // Padding keeps the points at the ends inside the plot; '~g' prints 0.001, not 0.001000.
    ...(axis.type === 'quantitative' ? { scale: { ...(axis.log ? { type: 'log' as const } : { zero: false }), nice: false, padding: 14 }, axis: { format: '~g', labelOverlap: true } } : {}),
    ...(sortOrder === undefined ? {} : { sort: sortOrder.map(String) }),
  };
  const y = { field: 'metric', type: 'quantitative' as const, title: metricTitle, scale: { zero: false, padding: 14 }, ...(summary.metric.endsWith('Accuracy') ? { axis: { format: '.1%' } } : {}) };
  const ordinal = axis.type === 'ordinal';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? `${metricTitle} against ${parameter}`,
    width: options.width ?? 360,
    height: options.height ?? 240,
    // Ordinal values are drawn as text so "0" and "1e-4" keep their spelling.
    data: { values: ordinal ? values.map((v) => ({ ...v, value: String(v.value) })) : values },
    layer: [
      { mark: { type: 'point', filled: true, opacity: 0.6, size: 50 }, encoding: { x, y } },
      { mark: { type: 'line', color: '#e45756' }, encoding: { x, y: { ...y, aggregate: 'mean' } } },
    ],
  };
}

/**
 * A Vega-Lite spec of the sweep's metric per epoch for every completed
 * trial, one line per trial labelled with its parameters.
 *
 * @example
 * const svg = await renderSvg(sweepCurvesSpec(summary));
 */
export function sweepCurvesSpec(summary: SweepSummary, options: ChartOptions = {}): TopLevelSpec {
  // Test scores exist per epoch only where the test split was the validation data (no --validation-split).
  const read: Record<SweepMetric, (log: EpochLog, heldOut: boolean) => number | undefined> = {
    validationAccuracy: (log) => log.validationAccuracy,
    validationLoss: (log) => log.validationLoss,
    testAccuracy: (log, heldOut) => (heldOut ? undefined : log.validationAccuracy),
    testLoss: (log, heldOut) => (heldOut ? undefined : log.validationLoss),
    trainAccuracy: (log) => log.accuracy,
    trainLoss: (log) => log.loss,
  };
  const metricTitle = METRIC_TITLES[summary.metric] ?? summary.metric;
  const values = summary.trials
    .filter((t) => t.status === 'completed')
    .flatMap((t) => {
      const label = Object.entries(t.parameters).map(([k, v]) => `${k}=${String(v)}`).join(' ') || t.trialId;
      return t.history.map((log) => ({ trial: label, epoch: log.epoch, metric: read[summary.metric](log, (t.job.validationSplit ?? 0) > 0) ?? null }));
    })
    .filter((v) => v.metric !== null);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? `${metricTitle} per epoch, every trial`,
    width: options.width ?? 480,
    height: options.height ?? 280,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'metric', type: 'quantitative', title: metricTitle, scale: { zero: false }, ...(summary.metric.endsWith('Accuracy') ? { axis: { format: '.1%' } } : {}) },
      color: { field: 'trial', type: 'nominal', title: 'trial', legend: { labelLimit: 240 } },
    },
  };
}
